// One field of the procedure's form, drawn by its type (choice, address, date, integer, text), with
// the rule's message under it once the person has touched it. Dates are typed dd/mm/yyyy (stored ISO),
// whole numbers with the numeric keyboard; what is typed is kept, so "hai" gets the rule's message.
import { DateInput } from '../../DateInput';
import { t } from '../../i18n';
import { Localized, localized, untranslated } from '../../Localized';
import type { FormField } from './formRules';

export function FormInput(props: { field: FormField; value: unknown; error?: string; onInput: (text: string) => void; onBlur: () => void }) {
  const { field, value, error } = props;
  const id = `form-${field.name}`;
  const text = value === undefined || value === null ? '' : String(value);
  const common = {
    id,
    class: 'input',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    'aria-required': field.required || undefined,
    onBlur: props.onBlur,
  };
  let input;
  if (field.type === 'choice') {
    input = (
      <select {...common} value={text} onChange={(e) => props.onInput(e.currentTarget.value)}>
        <option value="">{t('filing.choose')}</option>
        {(field.choices ?? []).map((choice, i) => (
          // Shown in the reader's language, stored as the catalogue's value.
          <option key={choice} value={choice} lang={untranslated(field.choices_en?.[i]) ? 'vi' : undefined}>
            {localized(choice, field.choices_en?.[i])}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'address') {
    input = <textarea {...common} rows={2} maxLength={500} autocomplete="street-address" value={text} onInput={(e) => props.onInput(e.currentTarget.value)} />;
  } else if (field.type === 'date') {
    input = <DateInput {...common} autocomplete="off" value={text} onValue={props.onInput} />;
  } else if (field.type === 'integer') {
    input = (
      <input {...common} type="text" inputMode="numeric" pattern="[0-9]*" autocomplete="off" maxLength={12} value={text} onInput={(e) => props.onInput(e.currentTarget.value)} />
    );
  } else {
    input = <input {...common} type="text" maxLength={500} value={text} onInput={(e) => props.onInput(e.currentTarget.value)} />;
  }
  return (
    <div class="field">
      <label for={id}>
        <Localized vi={field.label} en={field.label_en} />
        {field.required && <span class="req"> ({t('filing.required')})</span>}
      </label>
      {input}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
