// What the dossier says: procedure, agency, applicant and dates, its receipt and result, and the
// form's answers as the applicant gave them.
import { formatDate, formatDateTime, formatPhone } from '../../format';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { answerText } from './display';
import type { Dossier } from './types';

export function DossierFacts({ dossier }: { dossier: Dossier }) {
  return (
    <>
      <dl class="facts">
        <dt>{t('office.procedure')}</dt><dd><Localized vi={dossier.procedure_name} en={dossier.procedure_name_en} /></dd>
        <dt>{t('office.agency')}</dt><dd>{dossier.agency_name && <Localized vi={dossier.agency_name} en={dossier.agency_name_en} />}</dd>
        <dt>{t('office.applicant')}</dt><dd>{dossier.applicant.full_name} {dossier.applicant.cccd && `· ${dossier.applicant.cccd}`}</dd>
        <dt>{t('office.phone')}</dt><dd>{formatPhone(dossier.applicant.phone)}</dd>
        <dt>{t('office.submitted')}</dt><dd>{formatDateTime(dossier.submitted_at)}</dd>
        {dossier.received_at && <><dt>{t('office.received')}</dt><dd>{formatDateTime(dossier.received_at)}</dd></>}
        {dossier.due_date && <><dt>{t('office.due')}</dt><dd>{formatDate(dossier.due_date)}</dd></>}
      </dl>
      <p class="office-links">
        {dossier.receipt_url && <a href={dossier.receipt_url} target="_blank" rel="noopener">{t('office.receipt')}</a>}
        {dossier.result && <a href={dossier.result.url} target="_blank" rel="noopener">{t('office.result')}</a>}
      </p>
      <h2>{t('office.form')}</h2>
      <dl class="facts">
        {dossier.form_definition.map((field) => (
          <>
            <dt key={`${field.name}-l`}><Localized vi={field.label} en={field.label_en} /></dt>
            <dd key={`${field.name}-v`}>{answerText(field, dossier.form[field.name])}</dd>
          </>
        ))}
      </dl>
    </>
  );
}
