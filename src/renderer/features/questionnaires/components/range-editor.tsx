/**
 * The interpretation ranges of one scoring category, checked live with the shared `validateRanges`:
 * overlaps, gaps, uncovered ends and out-of-bounds ranges are named under the range concerned.
 */
import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CategoryDefinition, RangeDefinition } from '../../../../shared/domain/questionnaires/definition';
import { validateRanges } from '../../../../shared/domain/questionnaires/scoring';
import { IconPlus, IconTrash } from '../../../components/icons';
import { problemMessage } from '../lib/messages';

export interface RangeEditorProps {
  readonly category: Pick<CategoryDefinition, 'minScore' | 'maxScore' | 'ranges'>;
  readonly onChange: (ranges: RangeDefinition[]) => void;
  readonly disabled?: boolean;
}

function toInt(v: number | string, fallback: number): number {
  const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

export function RangeEditor({ category, onChange, disabled }: RangeEditorProps) {
  const { t } = useTranslation();
  const { ranges, minScore, maxScore } = category;
  const problems = validateRanges(category);
  const byIndex = new Map<number, string[]>();
  const general: string[] = [];
  for (const p of problems) {
    const m = /^ranges\.(\d+)$/.exec(p.field);
    const text = problemMessage(t, p);
    if (m) byIndex.set(Number(m[1]), [...(byIndex.get(Number(m[1])) ?? []), text]);
    else general.push(text);
  }
  const set = (index: number, patch: Partial<RangeDefinition>) =>
    onChange(ranges.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const add = () => {
    const last = ranges.reduce((m, r) => Math.max(m, r.maxValue), minScore - 1);
    const from = Math.min(last + 1, maxScore);
    onChange([...ranges, { minValue: from, maxValue: maxScore, label: '', interpretation: '' }]);
  };

  return (
    <Stack gap="xs" data-testid="range-editor">
      <Text size="sm" fw={600}>
        {t('questionnaires:builder.ranges')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('questionnaires:builder.rangesHint')}
      </Text>
      {ranges.map((r, i) => {
        const errors = byIndex.get(i) ?? [];
        return (
          <Paper key={i} withBorder p="xs" data-testid={`range-${i}`} bg={errors.length > 0 ? 'red.0' : undefined}>
            <Group align="flex-end" gap="xs" wrap="wrap">
              <NumberInput
                label={t('questionnaires:builder.field.rangeMin')}
                value={r.minValue}
                onChange={(v) => set(i, { minValue: toInt(v, r.minValue) })}
                w={90}
                allowDecimal={false}
                disabled={disabled}
              />
              <NumberInput
                label={t('questionnaires:builder.field.rangeMax')}
                value={r.maxValue}
                onChange={(v) => set(i, { maxValue: toInt(v, r.maxValue) })}
                w={90}
                allowDecimal={false}
                disabled={disabled}
              />
              <TextInput
                label={t('questionnaires:builder.field.rangeLabel')}
                value={r.label}
                onChange={(e) => set(i, { label: e.currentTarget.value })}
                style={{ flex: 1, minWidth: 160 }}
                disabled={disabled}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={t('questionnaires:builder.remove')}
                onClick={() => onChange(ranges.filter((_, k) => k !== i))}
                disabled={disabled}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            <Textarea
              mt="xs"
              label={t('questionnaires:builder.field.rangeText')}
              value={r.interpretation}
              onChange={(e) => set(i, { interpretation: e.currentTarget.value })}
              autosize
              minRows={2}
              disabled={disabled}
            />
            {errors.map((e) => (
              <Text key={e} c="red.8" size="sm" mt={4} role="alert" data-testid="range-problem">
                {e}
              </Text>
            ))}
          </Paper>
        );
      })}
      {general.length > 0 ? (
        <Alert color="red" variant="light" p="xs" data-testid="range-problem-general">
          {general.map((g) => (
            <Text key={g} size="sm" role="alert">
              {g}
            </Text>
          ))}
        </Alert>
      ) : ranges.length > 0 && problems.length === 0 ? (
        <Text size="xs" c="jalon.8">
          {t('questionnaires:builder.rangesOk', { min: minScore, max: maxScore })}
        </Text>
      ) : null}
      <Group>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={add} disabled={disabled}>
          {t('questionnaires:builder.addRange')}
        </Button>
      </Group>
    </Stack>
  );
}
