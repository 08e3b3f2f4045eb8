/**
 * One question as the beneficiary answers it: large, touch-friendly controls for the five types.
 * Used by the kiosk (interactive) and by the builder's preview (`readOnly`).
 *
 *   single_choice → one card per option (radio)      multiple_choice → one card per option (checkbox)
 *   scale         → one big button per value (≤ 11 values), otherwise a slider
 *   text          → a large text area                 matrix → a table of radios, one row per line
 */
import { Box, Checkbox, Group, Radio, Slider, Stack, Table, Text, Textarea, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AnswerValue } from '../../../../shared/domain/questionnaires/answers';
import type { QuestionDefinition, QuestionOfType } from '../../../../shared/domain/questionnaires/definition';

export interface QuestionFieldProps {
  readonly question: QuestionDefinition;
  readonly value: AnswerValue | null | undefined;
  readonly onChange?: (value: AnswerValue | null) => void;
  readonly readOnly?: boolean;
  /** Large controls (kiosk) or compact ones (preview). */
  readonly size?: 'kiosk' | 'compact';
  readonly error?: string | null;
}

const MAX_SCALE_BUTTONS = 11;

function ScaleField({
  question,
  value,
  onChange,
  readOnly,
  size,
}: QuestionFieldProps & { question: QuestionOfType<'scale'> }) {
  const { min, max, step = 1, minLabel, maxLabel } = question.config;
  const values: number[] = [];
  for (let v = min; v <= max && values.length <= MAX_SCALE_BUTTONS; v += step) values.push(v);
  const current = typeof value === 'number' ? value : null;
  const big = size === 'kiosk';
  if (values.length > MAX_SCALE_BUTTONS) {
    return (
      <Stack gap="xs">
        <Slider
          min={min}
          max={max}
          step={step}
          value={current ?? min}
          onChange={(v) => onChange?.(v)}
          disabled={readOnly}
          size={big ? 'xl' : 'md'}
          label={(v) => String(v)}
          aria-label={question.text}
        />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {minLabel ?? min}
          </Text>
          <Text fw={600}>{current ?? '—'}</Text>
          <Text size="sm" c="dimmed">
            {maxLabel ?? max}
          </Text>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap={6}>
      <Group gap={big ? 'sm' : 6} wrap="nowrap" role="radiogroup" aria-label={question.text}>
        {values.map((v) => {
          const selected = current === v;
          return (
            <UnstyledButton
              key={v}
              role="radio"
              aria-checked={selected}
              aria-label={String(v)}
              disabled={readOnly}
              onClick={() => onChange?.(v)}
              data-testid={`scale-${question.key}-${v}`}
              style={{
                flex: 1,
                minWidth: big ? 56 : 36,
                height: big ? 72 : 40,
                borderRadius: 'var(--mantine-radius-md)',
                border: `2px solid ${selected ? 'var(--mantine-color-jalon-8)' : 'var(--mantine-color-gray-4)'}`,
                background: selected ? 'var(--mantine-color-jalon-8)' : 'var(--mantine-color-white)',
                color: selected ? 'var(--mantine-color-white)' : 'var(--mantine-color-dark-7)',
                fontSize: big ? 26 : 16,
                fontWeight: 650,
                textAlign: 'center',
                cursor: readOnly ? 'default' : 'pointer',
              }}
            >
              {v}
            </UnstyledButton>
          );
        })}
      </Group>
      {minLabel || maxLabel ? (
        <Group justify="space-between" gap="md">
          <Text size={big ? 'md' : 'sm'} c="dimmed">
            {minLabel ?? ''}
          </Text>
          <Text size={big ? 'md' : 'sm'} c="dimmed" ta="right">
            {maxLabel ?? ''}
          </Text>
        </Group>
      ) : null}
    </Stack>
  );
}

function ChoiceCardText({ text, big }: { text: string; big: boolean }) {
  return (
    <Text size={big ? 'lg' : 'sm'} style={{ flex: 1 }}>
      {text}
    </Text>
  );
}

function SingleChoiceField({ question, value, onChange, readOnly, size }: QuestionFieldProps) {
  const big = size === 'kiosk';
  return (
    <Radio.Group
      value={typeof value === 'string' ? value : null}
      onChange={(v) => onChange?.(v)}
      aria-label={question.text}
    >
      <Stack gap={big ? 'sm' : 6}>
        {question.options.map((o) => (
          <Radio.Card key={o.value} value={o.value} disabled={readOnly} p={big ? 'md' : 'xs'} radius="md">
            <Group wrap="nowrap" align="center">
              <Radio.Indicator size={big ? 'lg' : 'sm'} />
              <ChoiceCardText text={o.text} big={big} />
            </Group>
          </Radio.Card>
        ))}
      </Stack>
    </Radio.Group>
  );
}

function MultipleChoiceField({
  question,
  value,
  onChange,
  readOnly,
  size,
}: QuestionFieldProps & { question: QuestionOfType<'multiple_choice'> }) {
  const { t } = useTranslation();
  const big = size === 'kiosk';
  const selected = Array.isArray(value) ? (value as readonly string[]) : [];
  const { minSelected, maxSelected } = question.config ?? {};
  const hint =
    minSelected !== undefined && maxSelected !== undefined
      ? t('questionnaires:answer.chooseBetween', { min: minSelected, max: maxSelected })
      : maxSelected !== undefined
        ? t('questionnaires:answer.chooseAtMost', { max: maxSelected })
        : minSelected !== undefined && minSelected > 1
          ? t('questionnaires:answer.chooseAtLeast', { min: minSelected })
          : question.helpText
            ? null // the question's own help already says how to answer
            : t('questionnaires:answer.chooseMany');
  return (
    <Stack gap={big ? 'sm' : 6}>
      {hint ? (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      ) : null}
      <Checkbox.Group
        value={[...selected]}
        // Keep the options' order, whatever the order of the clicks.
        onChange={(next) => onChange?.(question.options.filter((o) => next.includes(o.value)).map((o) => o.value))}
        aria-label={question.text}
      >
        <Stack gap={big ? 'sm' : 6}>
          {question.options.map((o) => (
            <Checkbox.Card key={o.value} value={o.value} disabled={readOnly} p={big ? 'md' : 'xs'} radius="md">
              <Group wrap="nowrap" align="center">
                <Checkbox.Indicator size={big ? 'lg' : 'sm'} />
                <ChoiceCardText text={o.text} big={big} />
              </Group>
            </Checkbox.Card>
          ))}
        </Stack>
      </Checkbox.Group>
    </Stack>
  );
}

function MatrixField({
  question,
  value,
  onChange,
  readOnly,
  size,
}: QuestionFieldProps & { question: QuestionOfType<'matrix'> }) {
  const big = size === 'kiosk';
  const current: Readonly<Record<string, string>> =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Readonly<Record<string, string>>) : {};
  const set = (row: string, column: string): void => {
    const next: Record<string, string> = {};
    for (const r of question.config.rows) {
      if (r.key === row) next[r.key] = column;
      else if (Object.hasOwn(current, r.key)) next[r.key] = current[r.key]!;
    }
    onChange?.(next);
  };
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Table verticalSpacing={big ? 'md' : 'xs'} horizontalSpacing="sm" striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            {question.config.columns.map((c) => (
              <Table.Th key={c.value} ta="center" fz={big ? 'md' : 'xs'}>
                {c.text}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {question.config.rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td fz={big ? 'lg' : 'sm'}>{r.text}</Table.Td>
              {question.config.columns.map((c) => (
                <Table.Td key={c.value} ta="center">
                  <Radio
                    name={`${question.key}-${r.key}`}
                    value={c.value}
                    checked={current[r.key] === c.value}
                    onChange={() => set(r.key, c.value)}
                    disabled={readOnly}
                    size={big ? 'lg' : 'sm'}
                    aria-label={`${r.text} : ${c.text}`}
                    styles={{ body: { justifyContent: 'center' } }}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function TextField({ question, value, onChange, readOnly, size }: QuestionFieldProps) {
  const { t } = useTranslation();
  return (
    <Textarea
      aria-label={question.text}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange?.(e.currentTarget.value)}
      readOnly={readOnly}
      autosize
      minRows={size === 'kiosk' ? 6 : 3}
      maxRows={16}
      size={size === 'kiosk' ? 'lg' : 'sm'}
      placeholder={t('questionnaires:answer.textPlaceholder')}
    />
  );
}

export function QuestionField(props: QuestionFieldProps) {
  const { question, error } = props;
  let control;
  switch (question.type) {
    case 'scale':
      control = <ScaleField {...props} question={question} />;
      break;
    case 'single_choice':
      control = <SingleChoiceField {...props} />;
      break;
    case 'multiple_choice':
      control = <MultipleChoiceField {...props} question={question} />;
      break;
    case 'matrix':
      control = <MatrixField {...props} question={question} />;
      break;
    case 'text':
      control = <TextField {...props} />;
      break;
  }
  return (
    <Stack gap="xs" data-question-key={question.key}>
      {control}
      {error ? (
        <Text c="red.8" size={props.size === 'kiosk' ? 'md' : 'sm'} role="alert" fw={500}>
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
