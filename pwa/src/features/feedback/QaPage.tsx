// #/hoi-dap "Hỏi đáp": answers the agencies published, anonymised, newest first; the search runs on the server,
// which ignores diacritics and case ("thai do" finds "thái độ").
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiGet, messageOf } from '../../api';
import { isoToDmy } from '../../dates';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { href } from '../../router';
import './feedback.css';
import './messages';

type PublishedPage = components['schemas']['PublishedPage'];

export function qaPath(q: string, after: string | null): string {
  const params = new URLSearchParams({ limit: '20' });
  if (q.trim()) params.set('q', q.trim());
  if (after) params.set('after', after);
  return `/api/feedback/published?${params}`;
}

export function QaPage() {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState<PublishedPage | null>(null);
  const [error, setError] = useState('');

  async function load(after: string | null) {
    try {
      const next = await apiGet<PublishedPage>(qaPath(q, after));
      setPage((current) => (after && current ? { ...next, items: [...current.items, ...next.items] } : next));
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    setPage(null);
    void load(null);
  }, [q]);

  return (
    <section class="page" aria-labelledby="qa-title">
      <a class="back-link" href={href.home}>
        ← {t('notFound.back')}
      </a>
      <h1 id="qa-title">{t('qa.title')}</h1>
      <p class="hint">{t('qa.intro')}</p>
      <form class="qa-search" role="search" onSubmit={(e) => { e.preventDefault(); setQ(typed); }}>
        <label for="qa-q">{t('qa.search')}</label>
        <div class="feedback-phone">
          <input id="qa-q" class="input" type="search" enterkeyhint="search" aria-describedby="qa-q-hint" maxLength={200}
            value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
          <button class="button" type="submit">{t('qa.searchButton')}</button>
        </div>
        <p id="qa-q-hint" class="hint">{t('qa.searchHint')}</p>
      </form>
      {error && <ErrorText message={error} />}
      <p class="status" role="status" aria-live="polite">
        {!page && !error ? t('qa.loading') : page && page.items.length === 0 ? (q.trim() ? t('qa.none') : t('qa.empty')) : ''}
      </p>
      {page && page.items.length > 0 && (
        <ul class="qa-list">
          {page.items.map((item, i) => (
            <li key={`${item.answered_on}-${i}`} class="qa-item">
              <p><strong>{t('qa.question')}:</strong> {item.question}</p>
              <p><strong>{t('qa.answer')}:</strong> {item.answer}</p>
              <p class="hint">{t('qa.answeredOn', { agency: item.agency_name, date: isoToDmy(item.answered_on) })}</p>
            </li>
          ))}
        </ul>
      )}
      {page?.next && (
        <button class="button button--secondary" type="button" onClick={() => void load(page.next)}>{t('qa.more')}</button>
      )}
      <p><a href={href.feedback}>{t('qa.send')}</a></p>
    </section>
  );
}
