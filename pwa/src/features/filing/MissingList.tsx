// "Hồ sơ còn thiếu": what still stops submission, in one voice, each item a link that moves focus to
// its field. Drawn from the live rules, so it shrinks with each fix and is gone after the last one.
import { t } from '../../i18n';
import type { FieldError } from './formRules';

const DELIVERY_FIELDS = ['delivery-province', 'delivery-commune', 'delivery-street'];

/** The element that answers a problem's field (ids of ProcedureStep, ApplicantFields, FormInput,
 * DocumentBlock's heading and DeliveryStep). */
function targetOf(field: string): string {
  if (field === 'commune_code') return 'place-commune';
  if (field === 'applicant.full_name') return 'applicant-name';
  if (field === 'applicant.cccd') return 'applicant-cccd';
  if (field === 'delivery') {
    const empty = DELIVERY_FIELDS.find((id) => !(document.getElementById(id) as HTMLInputElement | null)?.value);
    return empty ?? DELIVERY_FIELDS[DELIVERY_FIELDS.length - 1];
  }
  if (field.startsWith('documents.')) return `doc-${field.slice('documents.'.length)}`;
  return `form-${field}`;
}

function focusField(field: string): void {
  const element = document.getElementById(targetOf(field));
  if (!element) return;
  element.scrollIntoView({ block: 'center' });
  element.focus({ preventScroll: true });
}

/** The server's words start lowercase (they are joined into one sentence); a list item starts a sentence. */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const MISSING_LIST_ID = 'missing-items';

export function MissingList({ problems }: { problems: FieldError[] }) {
  return (
    <div id={MISSING_LIST_ID} class="status status--error missing-list" role="group" tabIndex={-1} aria-labelledby="missing-title">
      <p id="missing-title">{t('filing.fixFirst')}</p>
      <ul>
        {problems.map((problem) => (
          <li key={problem.field}>
            <a
              href={`#${problem.field === 'delivery' ? DELIVERY_FIELDS[0] : targetOf(problem.field)}`}
              onClick={(event) => {
                event.preventDefault(); // the hash is the router's; only focus moves
                focusField(problem.field);
              }}
            >
              {sentence(problem.message)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
