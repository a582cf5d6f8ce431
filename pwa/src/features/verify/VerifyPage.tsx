// Anyone with the QR code of an e-result sees its facts and can check the PDF copy they hold.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiFetch, apiGet, isAbort } from '../../api';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { href } from '../../router';
import './messages';
import './verify.css';

type IssuedDocument = components['schemas']['IssuedDocument'];
type Verification = components['schemas']['VerificationReport'];

const MAX_BYTES = 10 * 1024 * 1024;

const HEADLINE: Record<Verification['status'], string> = {
  authentic: 'verify.authentic',
  altered: 'verify.altered',
  foreign: 'verify.foreign',
  other_document: 'verify.otherDocument',
};

type Facts = { status: 'loading' } | { status: 'done'; document: IssuedDocument } | { status: 'error'; message: string };
type Check =
  | { status: 'idle' }
  | { status: 'checking'; name: string }
  | { status: 'done'; name: string; result: Verification }
  | { status: 'error'; name: string; message: string };

export function VerifyPage({ code }: { code: string }) {
  const [facts, setFacts] = useState<Facts>({ status: 'loading' });
  const [check, setCheck] = useState<Check>({ status: 'idle' });
  const path = `/api/verify/${encodeURIComponent(code)}`;

  useEffect(() => {
    const controller = new AbortController();
    setFacts({ status: 'loading' });
    setCheck({ status: 'idle' });
    apiGet<IssuedDocument>(path, controller.signal)
      .then((document) => setFacts({ status: 'done', document }))
      .catch((error: unknown) => {
        if (!isAbort(error)) setFacts({ status: 'error', message: (error as Error).message });
      });
    return () => controller.abort();
  }, [path]);

  async function onPick(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setCheck({ status: 'error', name: file.name, message: t('verify.tooLarge') });
      return;
    }
    setCheck({ status: 'checking', name: file.name });
    try {
      const result = await apiFetch<Verification>(path, {
        method: 'POST',
        body: await file.arrayBuffer(),
        headers: { 'Content-Type': 'application/pdf' },
      });
      setCheck({ status: 'done', name: file.name, result });
    } catch (error) {
      setCheck({ status: 'error', name: file.name, message: (error as Error).message });
    } finally {
      input.value = ''; // choosing the same file again checks again
    }
  }

  const document = facts.status === 'done' ? facts.document : null;
  return (
    <section class="page" aria-labelledby="verify-title">
      <a class="back-link" href={href.home}>
        ← {t('notFound.back')}
      </a>
      <h1 id="verify-title">{t('verify.title')}</h1>
      <p class="hint">{t('verify.intro')}</p>
      <p class={facts.status === 'error' ? 'status status--error' : 'status'} role="status" aria-live="polite">
        {facts.status === 'loading' ? t('verify.loading') : facts.status === 'error' ? facts.message : ''}
      </p>
      {document && (
        <>
          <dl class="facts">
            <dt>{t('verify.documentTitle')}</dt>
            <dd><strong>{document.title}</strong></dd>
            <dt>{t('verify.code')}</dt>
            <dd>{document.verification_code}</dd>
            <dt>{t('verify.dossierCode')}</dt>
            <dd>{document.dossier_code}</dd>
            <dt>{t('verify.procedure')}</dt>
            <dd><Localized vi={document.procedure_name} en={document.procedure_name_en} /></dd>
            <dt>{t('verify.agency')}</dt>
            <dd><Localized vi={document.agency_name} en={document.agency_name_en} /></dd>
            <dt>{t('verify.issuedAt')}</dt>
            <dd>{formatDate(document.issued_at)}</dd>
            <dt>{t('verify.signer')}</dt>
            <dd>{document.signer}</dd>
            <dt>{t('verify.sha256')}</dt>
            <dd class="hash">{document.sha256}</dd>
          </dl>
          <h2>{t('verify.checkTitle')}</h2>
          <label class="verify-pick">
            {t('verify.pick')}
            <input type="file" accept="application/pdf,.pdf" onChange={onPick} disabled={check.status === 'checking'} />
          </label>
          <p class="hint">{t('verify.checkHint')}</p>
          <div aria-live="polite">
            {check.status === 'checking' && <p class="status" role="status">{t('verify.checking')}</p>}
            {check.status === 'error' && (
              <p class="status status--error" role="alert">
                {t('verify.file', { name: check.name })}: {check.message}
              </p>
            )}
            {check.status === 'done' && (
              <div class={`verdict verdict--${check.result.status}`} role="alert" data-status={check.result.status}>
                <strong>{t(HEADLINE[check.result.status])}</strong>
                <p>{check.result.detail}</p>
                <p class="hint">{t('verify.file', { name: check.name })}</p>
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
