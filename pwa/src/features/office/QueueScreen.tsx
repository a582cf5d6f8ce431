// The agency's queue under the desk's name: counts by state as filter chips, the overdue ones, search by
// code, phone or name, and pages of 25. A lapsed session sends the officer to sign in and back.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { href, rememberReturn, type QueueFilters } from '../../router';
import { answersFeedback, atTheDesk, whoIsSignedIn } from '../account/session';
import { filterWords } from './display';
import '../feedback/officeMessages';
import { QueueTable } from './QueueTable';
import type { Queue } from './types';

const STATES = [
  'submitted', 'awaiting_payment', 'supplement_requested', 'received', 'processing', 'pending_approval', 'result_ready',
  'result_awaiting_payment', 'returned', 'delivering', 'refused', 'stopped', 'withdrawn',
];

function StateFilters(props: { queue: Queue | null; state: string | null; overdue: boolean; choose: (state: string | null, late?: boolean) => void }) {
  const { queue, state, overdue, choose } = props;
  const total = queue ? Object.values(queue.counts).reduce((a, b) => a + b, 0) : 0;
  return (
    <div class="office-filters" role="toolbar" aria-label={t('office.state')}>
      <button type="button" class="chip" aria-pressed={state === null && !overdue} onClick={() => choose(null)}>
        {t('office.all')} <span class="chip__count">{total}</span>
      </button>
      {STATES.map((s) => (
        <button key={s} type="button" class="chip" aria-pressed={state === s && !overdue} onClick={() => choose(s)}>
          {t(`state.${s}`)} <span class="chip__count">{queue?.counts[s] ?? 0}</span>
        </button>
      ))}
      <button type="button" class="chip chip--alert" aria-pressed={overdue} onClick={() => choose(null, true)}>
        {t('office.overdue')} <span class="chip__count">{queue?.overdue ?? 0}</span>
      </button>
    </div>
  );
}

/** The console's other screens: the desk's cash, the agency's feedback (desk and leaders), its satisfaction. */
function OfficeNav() {
  const who = whoIsSignedIn();
  return (
    <nav class="office-links" aria-label={t('officeNav.label')}>
      {atTheDesk(who) && <a href={href.counterFiling}>{t('office.counterFiling')}</a>}
      {atTheDesk(who) && <a href={href.officeCash}>{t('office.cashDay')}</a>}
      {atTheDesk(who) && <a href={href.officeHandover}>{t('office.handover')}</a>}
      {answersFeedback(who) && <a href={href.officeFeedback}>{t('officeFeedback.nav')}</a>}
      {who?.kind === 'staff' && who.role === 'leader' && <a href={href.leaderView}>{t('office.leaderView')}</a>}
      <a href={href.officeRatings}>{t('ratings.nav')}</a>
    </nav>
  );
}

/** The filters a leader's figure opened the queue with, as one chip that removes them. */
function FilterChip({ filters }: { filters: QueueFilters }) {
  const words = filterWords(filters);
  return (
    <p class="office-filtered">
      {t('office.filteredBy')}{' '}
      <span class="chip chip--removable">
        <span>{words}</span>
        <a class="chip__remove" href={href.office} aria-label={t('office.removeFilter', { filter: words })}>
          <span aria-hidden="true">×</span>
        </a>
      </span>
    </p>
  );
}

/** `filters`: from the URL (#/can-bo?in_progress=true&due_to=…), shown as a removable chip. */
export function QueueScreen({ filters }: { filters?: QueueFilters }) {
  const [state, setState] = useState<string | null>(filters ? null : 'submitted');
  const [overdue, setOverdue] = useState(false);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [queue, setQueue] = useState<Queue | null>(null);
  const [error, setError] = useState('');

  async function load(after?: string) {
    const params = new URLSearchParams({ ...filters, limit: '25' });
    if (state) params.set('state', state);
    if (overdue) params.set('overdue', 'true');
    if (search) params.set('q', search);
    if (after) params.set('after', after);
    try {
      const page = await apiGet<Queue>(`/api/office/queue?${params}`);
      setQueue((previous) => (after && previous ? { ...page, items: [...previous.items, ...page.items] } : page));
      setError('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        rememberReturn(location.hash);
        location.hash = href.staffSignIn;
      }
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    void load();
  }, [state, overdue, search]);

  function choose(next: string | null, late = false) {
    setState(next);
    setOverdue(late);
  }

  return (
    <section class="page office">
      <h1>{t('office.title')}</h1>
      {queue?.agency_name && <p class="office-desk"><Localized vi={queue.agency_name} en={queue.agency_name_en} /></p>}
      <OfficeNav />
      {filters && <FilterChip filters={filters} />}
      <StateFilters queue={queue} state={state} overdue={overdue} choose={choose} />
      <form
        class="office-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(query.trim());
          if (query.trim()) choose(null);
        }}
      >
        <label for="office-q" class="visually-hidden">{t('office.search')}</label>
        <input id="office-q" class="input" type="search" placeholder={t('office.search')} value={query}
          onInput={(e) => setQuery(e.currentTarget.value)} />
        <button class="button" type="submit">{t('office.searchButton')}</button>
      </form>
      {error && <ErrorText message={error} />}
      {queue && queue.items.length === 0 && <p class="status">{t('office.empty')}</p>}
      {queue && queue.items.length > 0 && <QueueTable items={queue.items} />}
      {queue?.next && (
        <button type="button" class="button button--secondary" onClick={() => void load(queue.next ?? undefined)}>
          {t('office.more')}
        </button>
      )}
    </section>
  );
}
