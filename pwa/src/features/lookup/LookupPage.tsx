// Tra cứu hồ sơ: anyone holding the receipt sees where a dossier stands, without signing in. A wrong code
// and a wrong ending get the same answer from the server (and too many wrong tries a wait), shown as written.
import { useRef, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { isoToDmy } from '../../dates';
import { ErrorText } from '../../ErrorText';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { href } from '../../router';
import { keepDigits, lookupProblems, MAX_CODE_LENGTH, readQuery, type LookupQuery } from './lookup';
import './messages';
import { usePublicLookup } from './usePublicLookup';
import { ShipmentLookup } from './ShipmentLookup';

type DossierStatus = components['schemas']['DossierStatus'];


function Found({ dossier }: { dossier: DossierStatus }) {
  return (
    <section aria-labelledby="lookup-result-title">
      <h2 id="lookup-result-title">{t('lookup.result')}</h2>
      <dl class="facts">
        <dt>{t('lookup.code')}</dt>
        <dd>{dossier.code}</dd>
        <dt>{t('lookup.procedure')}</dt>
        <dd><Localized vi={dossier.procedure_name} en={dossier.procedure_name_en} /></dd>
        {dossier.agency_name && (
          <>
            <dt>{t('lookup.agency')}</dt>
            <dd><Localized vi={dossier.agency_name} en={dossier.agency_name_en} /></dd>
          </>
        )}
        <dt>{t('lookup.state')}</dt>
        <dd><strong>{dossier.state_words}</strong></dd>
        <dt>{t('lookup.national')}</dt>
        <dd>{dossier.national_status}</dd>
        {dossier.submitted_at && (
          <>
            <dt>{t('lookup.submitted')}</dt>
            <dd>{formatDate(dossier.submitted_at)}</dd>
          </>
        )}
        {dossier.due_date && (
          <>
            <dt>{t('lookup.due')}</dt>
            <dd>{isoToDmy(dossier.due_date)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** Both public look-ups on one page; `trackingCode` (from #/tra-cuu/van-don/{code}) pre-fills the shipment's. */
export function LookupPage({ trackingCode }: { trackingCode?: string }) {
  const [code, setCode] = useState('');
  const [phoneLast4, setPhoneLast4] = useState('');
  const [checked, setChecked] = useState(false); // field problems show from the first attempt on, then live
  const [answer, ask] = usePublicLookup<DossierStatus, LookupQuery>('/api/lookup/dossier');
  const codeInput = useRef<HTMLInputElement>(null);
  const last4Input = useRef<HTMLInputElement>(null);
  const query = readQuery(code, phoneLast4);
  const problems = checked ? lookupProblems(query) : {};

  function onSubmit(event: Event) {
    event.preventDefault();
    setChecked(true);
    const found = lookupProblems(query);
    if (found.code) codeInput.current?.focus();
    else if (found.phoneLast4) last4Input.current?.focus();
    else void ask(query);
  }

  const asking = answer.status === 'asking';
  return (
    <section class="page" aria-labelledby="lookup-title">
      <a class="back-link" href={href.home}>
        ← {t('notFound.back')}
      </a>
      <h1 id="lookup-title">{t('lookup.title')}</h1>
      <p class="hint">{t('lookup.intro')}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        <label for="lookup-code">{t('lookup.code')}</label>
        <input
          ref={codeInput}
          id="lookup-code"
          class="input"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={MAX_CODE_LENGTH + 20}
          aria-invalid={problems.code ? 'true' : undefined}
          aria-describedby={problems.code ? 'lookup-code-hint lookup-code-problem' : 'lookup-code-hint'}
          value={code}
          onInput={(event) => setCode(event.currentTarget.value)}
        />
        <p id="lookup-code-hint" class="hint">{t('lookup.codeHint')}</p>
        {problems.code && <p id="lookup-code-problem" class="status status--error">{t(problems.code)}</p>}

        <label for="lookup-last4">{t('lookup.last4')}</label>
        <input
          ref={last4Input}
          id="lookup-last4"
          class="input input--code"
          type="text"
          inputMode="numeric"
          autocomplete="off"
          pattern="[0-9]{4}"
          aria-invalid={problems.phoneLast4 ? 'true' : undefined}
          aria-describedby={problems.phoneLast4 ? 'lookup-last4-hint lookup-last4-problem' : 'lookup-last4-hint'}
          value={phoneLast4}
          onInput={(event) => {
            // The box shows what is kept (a pasted "12 34" becomes "1234"), even when that changes no state.
            event.currentTarget.value = keepDigits(event.currentTarget.value);
            setPhoneLast4(event.currentTarget.value);
          }}
        />
        <p id="lookup-last4-hint" class="hint">{t('lookup.last4Hint')}</p>
        {problems.phoneLast4 && <p id="lookup-last4-problem" class="status status--error">{t(problems.phoneLast4)}</p>}

        <button class="button" type="submit" disabled={asking}>
          {asking ? t('lookup.busy') : t('lookup.submit')}
        </button>
      </form>
      <p class="status" role="status" aria-live="polite">{asking ? t('lookup.busy') : ''}</p>
      {answer.status === 'failed' && <ErrorText message={answer.message} />}
      {answer.status === 'found' && <Found dossier={answer.found} />}
      <ShipmentLookup key={trackingCode ?? ""} initialCode={trackingCode} />
    </section>
  );
}
