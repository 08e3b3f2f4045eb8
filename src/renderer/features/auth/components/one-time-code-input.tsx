/**
 * A one-time code: 6 digits from the authenticator app, or (`numeric` false) a recovery code
 * XXXXX-XXXXX. The browser and password managers recognise it (autocomplete one-time-code).
 */
import { TextInput, type TextInputProps } from '@mantine/core';

export interface OneTimeCodeInputProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Digits only (enrolment): a numeric keyboard and at most 8 characters. */
  readonly numeric?: boolean;
}

export function OneTimeCodeInput({ value, onChange, numeric = false, ...rest }: OneTimeCodeInputProps) {
  return (
    <TextInput
      autoComplete="one-time-code"
      inputMode={numeric ? 'numeric' : 'text'}
      maxLength={numeric ? 8 : 16}
      {...rest}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
