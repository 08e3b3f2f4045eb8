/**
 * A scoring-rule formula, checked as it is typed with the shared parser: an error shows where it is
 * (the character number and a caret under the formula), so the author can fix it without guessing.
 */
import { Code, Stack, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { parseFormula } from '../../../../shared/domain/questionnaires/formula';

export interface FormulaFieldProps {
  readonly value: string | undefined;
  readonly onChange: (value: string | undefined) => void;
  readonly label?: string;
  readonly disabled?: boolean;
}

export function FormulaField({ value, onChange, label, disabled }: FormulaFieldProps) {
  const { t } = useTranslation();
  const source = value ?? '';
  const parsed = useMemo(() => (source.trim() === '' ? null : parseFormula(source)), [source]);
  const error = parsed && !parsed.ok ? parsed.error : null;
  return (
    <Stack gap={4}>
      <TextInput
        label={label ?? t('questionnaires:builder.field.formula')}
        value={source}
        onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
        placeholder="value * weight"
        disabled={disabled}
        ff="monospace"
        spellCheck={false}
        autoComplete="off"
        error={error ? t('questionnaires:builder.formulaError', { position: error.position + 1 }) : undefined}
        aria-invalid={error ? true : undefined}
      />
      {error ? (
        <Code block data-testid="formula-error" data-position={error.position} aria-hidden="true" fz="xs">
          {`${source}\n${' '.repeat(Math.min(error.position, source.length))}^`}
        </Code>
      ) : parsed?.ok ? (
        <Text size="xs" c="jalon.8">
          {t('questionnaires:builder.formulaOk')}
        </Text>
      ) : null}
    </Stack>
  );
}
