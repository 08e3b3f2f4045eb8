/** Inputs for the domain's units, French formatted: calendar dates, euros (→ cents), hours (→ hundredths). */
import { NumberInput, type NumberInputProps } from '@mantine/core';
import { DateInput, type DateInputProps } from '@mantine/dates';
import type { InputProps } from '../lib/use-zod-form';

type Bound = Partial<InputProps>;

/** A calendar date typed or picked as JJ/MM/AAAA; the value is 'YYYY-MM-DD' or ''. */
export function DateField({
  value,
  onChange,
  error,
  ...rest
}: Bound & Omit<DateInputProps, 'value' | 'onChange' | 'error'>) {
  return (
    <DateInput
      valueFormat="DD/MM/YYYY"
      placeholder="JJ/MM/AAAA"
      clearable
      {...rest}
      error={error}
      value={typeof value === 'string' && value !== '' ? value : null}
      onChange={(v) => onChange?.(v ?? '')}
    />
  );
}

/** Euros with French separators; the form value stays a number of euros (or ''). */
export function MoneyField({
  value,
  onChange,
  error,
  ...rest
}: Bound & Omit<NumberInputProps, 'value' | 'onChange' | 'error'>) {
  return (
    <NumberInput
      decimalSeparator=","
      thousandSeparator={'\u202f'}
      decimalScale={2}
      fixedDecimalScale
      min={0}
      suffix={'\u00a0€'}
      hideControls
      {...rest}
      error={error}
      value={typeof value === 'number' || typeof value === 'string' ? value : ''}
      onChange={(v) => onChange?.(v)}
    />
  );
}

/** Hours as a decimal number ("1,5" = 1 h 30); the form value stays a number of hours (or ''). */
export function HoursField({
  value,
  onChange,
  error,
  ...rest
}: Bound & Omit<NumberInputProps, 'value' | 'onChange' | 'error'>) {
  return (
    <NumberInput
      decimalSeparator=","
      decimalScale={2}
      min={0}
      step={0.5}
      suffix={'\u00a0h'}
      {...rest}
      error={error}
      value={typeof value === 'number' || typeof value === 'string' ? value : ''}
      onChange={(v) => onChange?.(v)}
    />
  );
}

/** '' | number of euros → integer cents or null. */
export function eurosToCents(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : null;
}

/** '' | number of hours → integer hundredths or undefined. */
export function hoursToHundredths(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : undefined;
}
