// Early, on time and late as one stacked bar a row, in plain SVG (one labelled image), with its figures as a table
// for screen readers and for reading the numbers: the public dashboard's rows are agencies, a leader's are months
// (where each count links to the dossiers behind it).
import { t, type Lang } from '../../i18n';
import { formatCount, formatPercent, timelinessSegments } from './dashboard';
import './dashboard.css';
import './messages';

const BAR = 240; // the bars' width in the SVG's units; the SVG scales to the screen
const ROW = 28;
const LABEL = 120;

type Timeliness = 'early' | 'on_time' | 'late';

export interface TimelinessRow {
  key: string;
  label: string;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  earlyPct: number | null;
  onTimePct: number | null;
  latePct: number | null;
  /** Each count as a link to its dossiers (the table then shows counts and shares); none: shares only. */
  links?: Record<Timeliness, { href: string; label: string }>;
}

/** A long name cut to fit beside its bar; the table beside the chart has it whole. */
export function shorten(name: string): string {
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
}

function Cell({ row, which, count, pct, lang }: { row: TimelinessRow; which: Timeliness; count: number; pct: number | null; lang: Lang }) {
  const link = row.links?.[which];
  if (!link) return <td>{formatPercent(pct, lang)}</td>;
  return (
    <td>
      <a href={link.href} aria-label={link.label}>{formatCount(count, lang)}</a> <span class="dashboard-share">({formatPercent(pct, lang)})</span>
    </td>
  );
}

export function TimelinessChart(props: {
  id: string; caption: string; rowHeader: string; rows: TimelinessRow[]; lang: Lang; tableOpen?: boolean;
}) {
  const { id, caption, rowHeader, rows, lang, tableOpen = false } = props;
  if (rows.length === 0) return null;
  const colours = { early: 'dashboard-bar--early', on_time: 'dashboard-bar--on-time', late: 'dashboard-bar--late' };
  return (
    <figure class="dashboard-chart">
      <figcaption id={id}>{caption}</figcaption>
      <p class="dashboard-legend" aria-hidden="true">
        <span class="dashboard-key dashboard-bar--early" /> {t('dashboard.early')}{' '}
        <span class="dashboard-key dashboard-bar--on-time" /> {t('dashboard.onTime')}{' '}
        <span class="dashboard-key dashboard-bar--late" /> {t('dashboard.late')}
      </p>
      <svg role="img" aria-labelledby={id} viewBox={`0 0 ${LABEL + BAR} ${rows.length * ROW}`} class="dashboard-svg">
        {rows.map((row, i) => (
          <g key={row.key} transform={`translate(0 ${i * ROW})`}>
            <text x={0} y={ROW / 2 + 4} class="dashboard-label">{shorten(row.label)}</text>
            {timelinessSegments(row.early, row.onTime, row.late, BAR).map((s) => (
              <rect key={s.key} x={LABEL + s.x} y={4} width={s.width} height={ROW - 8} class={colours[s.key]} />
            ))}
          </g>
        ))}
      </svg>
      <details open={tableOpen}>
        <summary>{t('dashboard.chartTable')}</summary>
        <div class="dashboard-scroll">
          <table class="dashboard-table">
            <caption class="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{rowHeader}</th>
                <th scope="col">{t('dashboard.resolved')}</th>
                <th scope="col">{t('dashboard.early')}</th>
                <th scope="col">{t('dashboard.onTime')}</th>
                <th scope="col">{t('dashboard.late')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-row={row.key}>
                  <th scope="row">{row.label}</th>
                  <td>{formatCount(row.resolved, lang)}</td>
                  <Cell row={row} which="early" count={row.early} pct={row.earlyPct} lang={lang} />
                  <Cell row={row} which="on_time" count={row.onTime} pct={row.onTimePct} lang={lang} />
                  <Cell row={row} which="late" count={row.late} pct={row.latePct} lang={lang} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
