// #/linh-vuc/{code}: the procedures of one field (lĩnh vực), as the search lists them; works offline
// once seen, like the rest of the catalogue.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, messageOf } from '../../api';
import { t } from '../../i18n';
import { localized } from '../../Localized';
import { href } from '../../router';
import { ProcedureList } from '../search/ProcedureList';
import type { ProcedurePage } from '../search/procedureSummary';

export function FieldPage({ code }: { code: string }) {
  const [page, setPage] = useState<ProcedurePage | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    setPage(null);
    apiGet<ProcedurePage>(`/api/catalog/procedures?field=${encodeURIComponent(code)}&limit=100`).then(setPage, (err) =>
      setError(messageOf(err)),
    );
  }, [code]);

  const items = page?.items ?? [];
  return (
    <section class="page" aria-labelledby="field-title">
      <a class="back-link" href={href.home}>← {t('notFound.back')}</a>
      <h1 id="field-title">{items[0] ? t('field.title', { name: localized(items[0].field.name, items[0].field.name_en) }) : t('browse.fields')}</h1>
      <p class={error ? 'status status--error' : 'status'} role="status">
        {error || (!page ? t('app.loading') : items.length === 0 ? t('field.empty') : t('search.count', { n: items.length }))}
      </p>
      {items.length > 0 && <ProcedureList items={items} />}
    </section>
  );
}
