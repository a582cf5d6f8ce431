// One field of the procedure's form, drawn by its type (choice, address, date, integer, text), with
// the rule's message under it once the person has touched it.
import { t } from '../../i18n';
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
        {(field.choices ?? []).map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'address') {
    input = <textarea {...common} rows={2} maxLength={500} value={text} onInput={(e) => props.onInput(e.currentTarget.value)} />;
  } else {
    input = (
      <input
        {...common}
        type={field.type === 'date' ? 'date' : 'text'}
        inputMode={field.type === 'integer' ? 'numeric' : undefined}
        maxLength={field.type === 'text' ? 500 : undefined}
        value={text}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    );
  }
  return (
    <div class="field">
      <label for={id}>
        {field.label}
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
