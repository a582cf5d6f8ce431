// Thống kê: every agency's figures for a period, public. Each chart is an SVG with its figures as a table beside
// it (screen readers read the table; the SVG is one labelled image); what each figure means comes from the server,
// in both languages, and is shown at the end.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiGet, isAbort, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatDateTime, vietnamDay } from '../../format';
import { getLang, t, type Lang } from '../../i18n';
import { inLang, Localized } from '../../Localized';
import { href } from '../../router';
import {
  barWidth, formatAverage, formatCount, formatPercent, lastMonth, periodLabel, periodQuery,
  type PeriodChoice, type PeriodKind,
} from './dashboard';
import './dashboard.css';
import { shorten, TimelinessChart, type TimelinessRow } from './TimelinessChart';
import './messages';

type Dashboard = components['schemas']['Dashboard'];
type AgencyFigures = components['schemas']['AgencyFigures'];

type Answer =
  | { status: 'loading' }
  | { status: 'done'; board: Dashboard; query: string }
  | { status: 'failed'; message: string };

const KINDS: PeriodKind[] = ['month', 'quarter', 'year', 'range'];
const BAR = 240; // the bars' width in the SVG's units; the SVG scales to the screen
const ROW = 28;
const LABEL = 120;

function useDashboard(query: string): Answer {
  const [answer, setAnswer] = useState<Answer>({ status: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setAnswer({ status: 'loading' });
    apiGet<Dashboard>(`/api/stats/dashboard?${query}`, abort.signal)
      .then((board) => setAnswer({ status: 'done', board, query }))
      .catch((error) => !isAbort(error) && setAnswer({ status: 'failed', message: messageOf(error) }));
    return () => abort.abort();
  }, [query]);
  return answer;
}

function PeriodPicker({ initial, onChoose }: { initial: PeriodChoice; onChoose: (choice: PeriodChoice) => void }) {
  const [choice, setChoice] = useState(initial);
  const set = (change: Partial<PeriodChoice>) => setChoice({ ...choice, ...change });
  const number = (value: string) => Number.parseInt(value, 10);
  return (
    <form
      class="form dashboard-period"
      onSubmit={(event) => {
        event.preventDefault();
        onChoose(choice);
      }}
    >
      <label for="dashboard-kind">{t('dashboard.kind')}</label>
      <select id="dashboard-kind" class="input" value={choice.kind} onChange={(e) => set({ kind: e.currentTarget.value as PeriodKind })}>
        {KINDS.map((kind) => (
          <option value={kind} key={kind}>{t(`dashboard.kind.${kind}`)}</option>
        ))}
      </select>
      {choice.kind === 'month' && (
        <>
          <label for="dashboard-month">{t('dashboard.month')}</label>
          <select id="dashboard-month" class="input" value={choice.month} onChange={(e) => set({ month: number(e.currentTarget.value) })}>
            {Array.from({ length: 12 }, (_, i) => <option value={i + 1} key={i}>{i + 1}</option>)}
          </select>
        </>
      )}
      {choice.kind === 'quarter' && (
        <>
          <label for="dashboard-quarter">{t('dashboard.quarter')}</label>
          <select id="dashboard-quarter" class="input" value={choice.quarter} onChange={(e) => set({ quarter: number(e.currentTarget.value) })}>
            {[1, 2, 3, 4].map((q) => <option value={q} key={q}>{q}</option>)}
          </select>
        </>
      )}
      {choice.kind !== 'range' ? (
        <>
          <label for="dashboard-year">{t('dashboard.year')}</label>
          <input id="dashboard-year" class="input" type="number" inputMode="numeric" min={2000} max={2100} required
            value={choice.year} onInput={(e) => set({ year: number(e.currentTarget.value) })} />
        </>
      ) : (
        <>
          <label for="dashboard-from">{t('dashboard.from')}</label>
          <input id="dashboard-from" class="input" type="date" required value={choice.from} onInput={(e) => set({ from: e.currentTarget.value })} />
          <label for="dashboard-to">{t('dashboard.to')}</label>
          <input id="dashboard-to" class="input" type="date" required value={choice.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        </>
      )}
      <div class="form__actions">
        <button class="button" type="submit">{t('dashboard.show')}</button>
      </div>
    </form>
  );
}

function agencyName(figures: AgencyFigures): string {
  return figures.agency_code === null ? t('dashboard.total') : inLang(figures.agency_name, figures.agency_name_en);
}

function TimelinessByAgency({ board, lang }: { board: Dashboard; lang: Lang }) {
  const rows: TimelinessRow[] = [board.total, ...board.agencies]
    .filter((a) => a.resolved > 0)
    .map((row) => ({
      key: row.agency_code ?? 'total', label: agencyName(row), resolved: row.resolved, early: row.resolved_early,
      onTime: row.resolved_on_time, late: row.resolved_late, earlyPct: row.early_pct, onTimePct: row.on_time_pct,
      latePct: row.late_pct,
    }));
  return (
    <TimelinessChart id="dashboard-timeliness" caption={t('dashboard.timelinessChart')} rowHeader={t('dashboard.agency')}
      rows={rows} lang={lang} />
  );
}

function SharesChart({ total, lang }: { total: AgencyFigures; lang: Lang }) {
  const shares = [
    { label: t('dashboard.online'), value: total.online_pct },
    { label: t('dashboard.digitised'), value: total.digitised_pct },
    { label: t('dashboard.paidOnline'), value: total.paid_online_pct },
  ];
  return (
    <figure class="dashboard-chart">
      <figcaption id="dashboard-shares">{t('dashboard.sharesChart')}</figcaption>
      <svg role="img" aria-labelledby="dashboard-shares" viewBox={`0 0 ${LABEL + BAR + 60} ${shares.length * ROW}`} class="dashboard-svg">
        {shares.map((share, i) => (
          <g key={share.label} transform={`translate(0 ${i * ROW})`}>
            <text x={0} y={ROW / 2 + 4} class="dashboard-label">{share.label}</text>
            <rect x={LABEL} y={4} width={BAR} height={ROW - 8} class="dashboard-bar--track" />
            <rect x={LABEL} y={4} width={barWidth(share.value, BAR)} height={ROW - 8} class="dashboard-bar--share" />
            <text x={LABEL + BAR + 6} y={ROW / 2 + 4} class="dashboard-label">{formatPercent(share.value, lang)}</text>
          </g>
        ))}
      </svg>
      <details>
        <summary>{t('dashboard.chartTable')}</summary>
        <table class="dashboard-table">
          <thead>
            <tr><th scope="col">{t('dashboard.figure')}</th><th scope="col">{t('dashboard.share')}</th></tr>
          </thead>
          <tbody>
            {shares.map((share) => (
              <tr key={share.label}><th scope="row">{share.label}</th><td>{formatPercent(share.value, lang)}</td></tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Why a row's satisfaction is not shown (fewer ratings than the minimum), in the reader's language; null when shown. */
function notEnough(figures: AgencyFigures, lang: Lang): string | null {
  return lang === 'en' ? figures.satisfaction_note_en : figures.satisfaction_note;
}

function SatisfactionChart({ board, lang }: { board: Dashboard; lang: Lang }) {
  const rows = [board.total, ...board.agencies].filter((a) => a.ratings > 0);
  if (rows.length === 0) return null;
  return (
    <figure class="dashboard-chart">
      <figcaption id="dashboard-satisfaction">{t('dashboard.satisfactionChart')}</figcaption>
      <svg role="img" aria-labelledby="dashboard-satisfaction" viewBox={`0 0 ${LABEL + BAR + 60} ${rows.length * ROW}`} class="dashboard-svg">
        {rows.map((row, i) => (
          <g key={row.agency_code ?? 'total'} transform={`translate(0 ${i * ROW})`}>
            <text x={0} y={ROW / 2 + 4} class="dashboard-label">{shorten(agencyName(row))}</text>
            {row.satisfaction_pct === null ? (
              <text x={LABEL} y={ROW / 2 + 4} class="dashboard-label dashboard-label--muted">{notEnough(row, lang)}</text>
            ) : (
              <>
                <rect x={LABEL} y={4} width={BAR} height={ROW - 8} class="dashboard-bar--track" />
                <rect x={LABEL} y={4} width={barWidth(row.satisfaction_pct, BAR)} height={ROW - 8} class="dashboard-bar--share" />
                <text x={LABEL + BAR + 6} y={ROW / 2 + 4} class="dashboard-label">{formatPercent(row.satisfaction_pct, lang)}</text>
              </>
            )}
          </g>
        ))}
      </svg>
      <details>
        <summary>{t('dashboard.chartTable')}</summary>
        <table class="dashboard-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.agency')}</th>
              <th scope="col">{t('dashboard.ratings')}</th>
              <th scope="col">{t('dashboard.satisfaction')}</th>
              <th scope="col">{t('dashboard.overall')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.agency_code ?? 'total'}>
                <th scope="row">{agencyName(row)}</th>
                <td>{formatCount(row.ratings, lang)}</td>
                <SatisfactionCells row={row} lang={lang} />
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The index and the overall average, or across both the note saying there are not enough ratings. */
function SatisfactionCells({ row, lang }: { row: AgencyFigures; lang: Lang }) {
  const note = notEnough(row, lang);
  if (note) return <td colSpan={2} class="dashboard-not-enough">{note}</td>;
  return (
    <>
      <td>{formatPercent(row.satisfaction_pct, lang)}</td>
      <td>{formatAverage(row.overall_average, lang)}</td>
    </>
  );
}

function AgencyTable({ board, lang }: { board: Dashboard; lang: Lang }) {
  return (
    <div class="dashboard-scroll" tabIndex={0} role="region" aria-labelledby="dashboard-by-agency">
      <table class="dashboard-table">
        <caption id="dashboard-by-agency">{t('dashboard.byAgency')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.agency')}</th>
            <th scope="col">{t('dashboard.received')}</th>
            <th scope="col">{t('dashboard.resolved')}</th>
            <th scope="col">{t('dashboard.early')}</th>
            <th scope="col">{t('dashboard.onTime')}</th>
            <th scope="col">{t('dashboard.late')}</th>
            <th scope="col">{t('dashboard.online')}</th>
            <th scope="col">{t('dashboard.digitised')}</th>
            <th scope="col">{t('dashboard.paidOnline')}</th>
            <th scope="col">{t('dashboard.satisfaction')}</th>
            <th scope="col">{t('dashboard.overall')}</th>
          </tr>
        </thead>
        <tbody>
          {[...board.agencies, board.total].map((row) => (
            <tr key={row.agency_code ?? 'total'} class={row.agency_code === null ? 'dashboard-total' : undefined}>
              <th scope="row">{row.agency_code === null ? agencyName(row) : <Localized vi={row.agency_name} en={row.agency_name_en} />}</th>
              <td>{formatCount(row.received, lang)}</td>
              <td>{formatCount(row.resolved, lang)}</td>
              <td>{formatPercent(row.early_pct, lang)}</td>
              <td>{formatPercent(row.on_time_pct, lang)}</td>
              <td>{formatPercent(row.late_pct, lang)}</td>
              <td>{formatPercent(row.online_pct, lang)}</td>
              <td>{formatPercent(row.digitised_pct, lang)}</td>
              <td>{formatPercent(row.paid_online_pct, lang)}</td>
              <SatisfactionCells row={row} lang={lang} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HowComputed({ board, lang }: { board: Dashboard; lang: Lang }) {
  const groups = new Map(board.groups.map((g) => [g.key, g]));
  return (
    <section aria-labelledby="dashboard-how">
      <h2 id="dashboard-how">{t('dashboard.how')}</h2>
      <dl class="dashboard-how">
        {board.figures.map((figure) => {
          const group = figure.group ? groups.get(figure.group) : undefined;
          return (
            <div key={figure.key}>
              <dt>{lang === 'en' ? figure.name_en : figure.name}</dt>
              <dd>
                {lang === 'en' ? figure.how_en : figure.how}
                {group && (
                  <span class="hint"> {t('dashboard.group', { name: lang === 'en' ? group.name_en : group.name, points: group.points })}</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

export function DashboardPage() {
  const [choice, setChoice] = useState(() => lastMonth(vietnamDay()));
  const query = periodQuery(choice);
  const answer = useDashboard(query);
  const lang = getLang();
  const board = answer.status === 'done' ? answer.board : null;
  return (
    <section class="page dashboard" aria-labelledby="dashboard-title">
      <a class="back-link" href={href.home}>← {t('notFound.back')}</a>
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <p class="hint">{t('dashboard.intro')}</p>
      <PeriodPicker initial={choice} onChoose={setChoice} />
      <p class="status" role="status" aria-live="polite">
        {answer.status === 'loading' && t('dashboard.loading')}
      </p>
      {answer.status === 'failed' && <ErrorText message={answer.message} />}
      {board && answer.status === 'done' && (
        <>
          <h2>{periodLabel(board.period, lang)}</h2>
          <p class="hint">
            {board.refreshed_at ? t('dashboard.refreshed', { at: formatDateTime(board.refreshed_at) }) : t('dashboard.neverRefreshed')}
          </p>
          <p>
            <a class="button button--secondary" href={`/api/stats/dashboard.csv?${answer.query}`} download>{t('dashboard.csv')}</a>
          </p>
          {board.agencies.length === 0 ? (
            <p class="status">{t('dashboard.nothing')}</p>
          ) : (
            <>
              <TimelinessByAgency board={board} lang={lang} />
              <SharesChart total={board.total} lang={lang} />
              <SatisfactionChart board={board} lang={lang} />
              <AgencyTable board={board} lang={lang} />
            </>
          )}
          <HowComputed board={board} lang={lang} />
        </>
      )}
    </section>
  );
}
