// #/can-bo/danh-gia: the agency's satisfaction over a period — a month, a quarter, a year or two typed days —
// as averages only, and only from the server's minimum number of ratings on ("Chưa đủ đánh giá" below it).
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiGet, messageOf } from '../../api';
import { DateInput } from '../../DateInput';
import { isoToDmy } from '../../dates';
import { ErrorText } from '../../ErrorText';
import { vietnamDay } from '../../format';
import { getLang, t } from '../../i18n';
import { href } from '../../router';
import { customPeriod, lastDay, presetPeriod, type Period, type PeriodKind } from './period';
import './feedback.css';
import './officeMessages';

type Satisfaction = components['schemas']['Satisfaction'];

const KINDS: PeriodKind[] = ['month', 'lastMonth', 'quarter', 'year', 'custom'];

function figure(value: number | null, digits = 2): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: digits }).format(value);
}

function Figures({ answer }: { answer: Satisfaction }) {
  return (
    <>
      <dl class="facts">
        <dt>{t('ratings.overall')}</dt>
        <dd><strong>{figure(answer.overall_average)}</strong></dd>
        <dt>{t('ratings.points')}</dt>
        <dd>{figure(answer.points_average)}</dd>
        <dt>{t('ratings.index')}</dt>
        <dd><strong>{figure(answer.index_percent, 1)} %</strong></dd>
      </dl>
      <table class="office-table">
        <thead>
          <tr>
            <th scope="col">{t('ratings.criterion')}</th>
            <th scope="col" class="money">{t('ratings.average')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.criteria.map((c) => (
            <tr key={c.code}>
              <td>{c.question}</td>
              <td class="money">{figure(c.average)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function RatingsScreen() {
  const [kind, setKind] = useState<PeriodKind>('month');
  const [first, setFirst] = useState('');
  const [last, setLast] = useState('');
  const [answer, setAnswer] = useState<Satisfaction | null>(null);
  const [error, setError] = useState('');
  const period: Period | null = kind === 'custom' ? customPeriod(first, last) : presetPeriod(kind, vietnamDay());
  const lang = getLang();

  useEffect(() => {
    if (!period) return;
    setAnswer(null);
    apiGet<Satisfaction>(`/api/office/ratings?start=${period.start}&end=${period.end}`).then(
      (found) => {
        setAnswer(found);
        setError('');
      },
      (err: unknown) => setError(messageOf(err)),
    );
  }, [period?.start, period?.end, lang]);

  return (
    <section class="page office" aria-labelledby="ratings-title">
      <a href={href.office}>{t('office.back')}</a>
      <h1 id="ratings-title">{t('ratings.title')}</h1>
      <div class="form office-cash-day">
        <label for="ratings-period">{t('ratings.period')}</label>
        <select id="ratings-period" class="input" value={kind} onChange={(e) => setKind(e.currentTarget.value as PeriodKind)}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`ratings.${k}`)}</option>)}
        </select>
        {kind === 'custom' && (
          <>
            <label for="ratings-from">{t('ratings.from')}</label>
            <DateInput id="ratings-from" class="input" value={first} onValue={setFirst} />
            <label for="ratings-to">{t('ratings.to')}</label>
            <DateInput id="ratings-to" class="input" value={last} onValue={setLast} />
            {!period && <p class="hint">{t('ratings.badPeriod')}</p>}
          </>
        )}
      </div>
      {error && <ErrorText message={error} />}
      {period && !answer && !error && <p class="status" role="status">{t('ratings.loading')}</p>}
      {answer && (
        <section aria-labelledby="ratings-result">
          <h2 id="ratings-result">{answer.enough ? t('ratings.title') : t('ratings.notEnough')}</h2>
          <p>
            {t('ratings.summary', {
              agency: answer.agency_name, from: isoToDmy(answer.start), to: isoToDmy(lastDay(answer)), n: answer.ratings,
            })}
          </p>
          {answer.enough ? <Figures answer={answer} /> : <p class="status">{answer.message}</p>}
          <p class="hint">{t('ratings.privacy', { n: answer.minimum })}</p>
        </section>
      )}
    </section>
  );
}
