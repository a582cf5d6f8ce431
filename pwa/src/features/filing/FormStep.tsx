// Step 2: the applicant and the procedure's form. A field shows its error once touched (or after a
// first "Nộp hồ sơ"): the phone's rule while typing, the server's once it has this revision.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { ApplicantFields } from './ApplicantFields';
import type { DraftEdit } from './engine';
import { FormInput } from './FormInput';
import { formDefinition, formErrors, withAnswer } from './formRules';
import type { LocalDraft } from './types';

export function FormStep({ draft, showErrors, onEdit }: { draft: LocalDraft; showErrors: boolean; onEdit: (change: DraftEdit) => void }) {
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const definition = formDefinition(draft);
  const clientErrors = formErrors(definition, draft.form);
  const server = draft.server;
  const serverErrors = server && draft.synced_revision >= draft.revision ? server.form_errors : [];

  const fieldError = (name: string) => {
    if (!touched[name] && !showErrors) return undefined;
    return clientErrors.find((e) => e.field === name)?.message ?? serverErrors.find((e) => e.field === name)?.message;
  };
  const touch = (name: string) => setTouched((x) => (x[name] ? x : { ...x, [name]: true }));

  return (
    <>
      <fieldset class="filing-section">
        <legend>{t('filing.applicant')}</legend>
        <ApplicantFields applicant={draft.applicant ?? {}} showErrors={showErrors} onChange={(applicant) => onEdit({ applicant })} />
      </fieldset>
      {definition.length > 0 && (
        <fieldset class="filing-section">
          <legend>{t('filing.form')}</legend>
          {definition.map((field) => (
            <FormInput
              key={field.name}
              field={field}
              value={draft.form[field.name]}
              error={fieldError(field.name)}
              onInput={(text) => {
                touch(field.name);
                onEdit({ form: withAnswer(draft.form, field, text) });
              }}
              onBlur={() => touch(field.name)}
            />
          ))}
        </fieldset>
      )}
    </>
  );
}
