// Lãnh đạo: the agency's queue now (received today / this week / this month, in progress, due this week, overdue),
// each figure a link to the office queue filtered to exactly its dossiers, and the last twelve months' timeliness as
// the dashboard's chart with its table, each count a link too. Desktop first; the cards wrap on a phone.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { ApiError, apiGet, isAbort, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatDate } from '../../format';
import { getLang, t } from '../../i18n';
import { Localized } from '../../Localized';
import { href, rememberReturn } from '../../router';
import { landingOf, whoIsSignedIn } from '../account/session';
import { formatCount } from '../dashboard/dashboard';
import { TimelinessChart, type TimelinessRow } from '../dashboard/TimelinessChart';
import './leader.css';
import './messages';

type Health = components['schemas']['AgencyHealth'];
type Figure = components['schemas']['HealthFigure'];

function note(figure: Figure, health: Health): string {
  return t(`leader.note.${figure.key}`, {
    day: formatDate(figure.key === 'received_this_week' ? health.week_first_day : health.month_first_day),
    from: formatDate(health.due_from),
    to: formatDate(health.due_to),
  });
}

function Cards({ health }: { health: Health }) {
  const lang = getLang();
  return (
    <ul class="leader-cards">
      {health.figures.map((figure) => (
        <li key={figure.key}>
          <a
            class={`leader-card${figure.key === 'overdue' && figure.count > 0 ? ' leader-card--alert' : ''}`}
            href={href.officeQueue(figure.queue)}
            data-figure={figure.key}
          >
            <span class="leader-card__count">{formatCount(figure.count, lang)}</span>
            <span class="leader-card__label">{t(`leader.figure.${figure.key}`)}</span>
            <span class="leader-card__note">{note(figure, health)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

const WHICH = { early: 'dashboard.early', on_time: 'dashboard.onTime', late: 'dashboard.late' } as const;

function monthRows(health: Health): TimelinessRow[] {
  return health.months.map((m) => {
    const [year, month] = m.month.split('-');
    const label = t('leader.monthName', { month: `${month}/${year}` });
    const link = (timeliness: 'early' | 'on_time' | 'late', count: number) => ({
      href: href.officeQueue({ resolved_month: m.month, timeliness }),
      label: t('leader.cellLink', { month: label, which: t(WHICH[timeliness]), count }),
    });
    return {
      key: m.month, label, resolved: m.resolved, early: m.early, onTime: m.on_time, late: m.late,
      earlyPct: m.early_pct, onTimePct: m.on_time_pct, latePct: m.late_pct,
      links: { early: link('early', m.early), on_time: link('on_time', m.on_time), late: link('late', m.late) },
    };
  });
}

type Answer = { status: 'loading' } | { status: 'done'; health: Health } | { status: 'failed'; message: string };

export function LeaderScreen() {
  const who = whoIsSignedIn();
  const leader = who?.kind === 'staff' && who.role === 'leader';
  const [answer, setAnswer] = useState<Answer>({ status: 'loading' });

  useEffect(() => {
    if (!leader) return;
    const abort = new AbortController();
    apiGet<Health>('/api/stats/agency-health', abort.signal)
      .then((health) => setAnswer({ status: 'done', health }))
      .catch((error) => {
        if (isAbort(error)) return;
        if (error instanceof ApiError && error.status === 401) {
          rememberReturn(location.hash);
          location.hash = href.staffSignIn;
        }
        setAnswer({ status: 'failed', message: messageOf(error) });
      });
    return () => abort.abort();
  }, [leader]);

  if (!who || who.kind === 'citizen') {
    return (
      <section class="page leader">
        <p>{t('leader.signIn')}</p>
        <a class="button" href={href.staffSignIn} onClick={() => rememberReturn(location.hash)}>{t('office.signInLink')}</a>
      </section>
    );
  }
  if (!leader) {
    return (
      <section class="page leader">
        <p>{t('leader.notLeader')}</p>
        <a class="button" href={landingOf(who)}>{t('office.yourPage')}</a>
      </section>
    );
  }
  return (
    <section class="page leader">
      <p><a href={href.office}>{t('leader.back')}</a></p>
      <h1>{t('leader.title')}</h1>
      {answer.status === 'loading' && <p class="status" role="status">{t('app.loading')}</p>}
      {answer.status === 'failed' && <ErrorText message={answer.message} />}
      {answer.status === 'done' && (
        <>
          <p class="leader-agency"><Localized vi={answer.health.agency_name} en={answer.health.agency_name_en} /></p>
          <p class="leader-intro">{t('leader.today', { day: formatDate(answer.health.today) })}</p>
          <h2>{t('leader.queue')}</h2>
          <Cards health={answer.health} />
          <h2>{t('leader.onTime')}</h2>
          <p class="leader-intro">{t('leader.onTimeHow')}</p>
          <TimelinessChart id="leader-on-time" caption={t('leader.onTimeChart')} rowHeader={t('leader.month')}
            rows={monthRows(answer.health)} lang={getLang()} tableOpen />
        </>
      )}
    </section>
  );
}
