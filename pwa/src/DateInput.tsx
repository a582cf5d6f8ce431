// A date field that shows dd/mm/yyyy in every browser locale (a native date input follows the
// browser's), with the numeric keyboard; `onValue` gets ISO once the date is whole (dates.ts).
import type { JSX } from 'preact';
import { isoToDmy, readDate } from './dates';

type Props = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'type'> & {
  value: string;
  onValue: (value: string) => void;
};

export function DateInput({ value, onValue, ...rest }: Props) {
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      placeholder="dd/mm/yyyy"
      maxLength={10}
      value={isoToDmy(value)}
      onInput={(e) => {
        const input = e.currentTarget;
        const next = readDate(input.value);
        // Shown at once (the stored value may not change, e.g. a letter typed, so no re-render would).
        if (input.value !== isoToDmy(next)) input.value = isoToDmy(next);
        onValue(next);
      }}
    />
  );
}
