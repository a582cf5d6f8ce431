// #/thu-tuc/{code}/nop: continue this procedure's unsent draft, or start one on the phone, then open
// it in the filing screen. Signing in comes first (and brings the person back here).
import { useEffect, useState } from 'preact/hooks';
import { apiGet, hasSession, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { href, rememberReturn } from '../../router';
import * as engine from './engine';
import type { ProcedureDetail } from './types';
import './filing.css';
import './messages';

export function FilingStart({ code }: { code: string }) {
  const [error, setError] = useState('');
  useEffect(() => {
    if (!hasSession()) {
      rememberReturn(location.hash);
      location.hash = href.signIn;
      return;
    }
    (async () => {
      try {
        const existing = await engine.openDraftFor(code);
        const draft =
          existing ?? (await engine.newLocalDraft(await apiGet<ProcedureDetail>(`/api/catalog/procedures/${encodeURIComponent(code)}`)));
        location.replace(href.editDossier(draft.id));
      } catch (err) {
        setError(messageOf(err));
      }
    })();
  }, [code]);
  return (
    <section class="page">
      <a class="back-link" href={href.procedure(code)}>
        ← {t('filing.back')}
      </a>
      <h1>{t('filing.title')}</h1>
      {error ? <ErrorText message={error} /> : <p class="status" role="status">{t('filing.loading')}</p>}
    </section>
  );
}
