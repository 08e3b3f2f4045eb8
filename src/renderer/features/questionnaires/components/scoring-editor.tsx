/**
 * Builder: scoring categories (code, name, bounds) with their interpretation ranges, and the rules
 * question → category with a weight (shown as a decimal, stored in hundredths) and an optional
 * formula checked live.
 */
import {
  ActionIcon,
  Button,
  Card,
  Divider,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type {
  CategoryDefinition,
  QuestionnaireDefinition,
  RuleDefinition,
} from '../../../../shared/domain/questionnaires/definition';
import { listQuestions } from '../../../../shared/domain/questionnaires/definition';
import { IconPlus, IconTrash } from '../../../components/icons';
import { move, produce, uniqueKey } from '../lib/draft';
import { FormulaField } from './formula-field';
import { MoveButtons } from './question-editor';
import { RangeEditor } from './range-editor';

export interface ScoringEditorProps {
  readonly definition: QuestionnaireDefinition;
  readonly onChange: (definition: QuestionnaireDefinition) => void;
}

function int(v: number | string, fallback: number): number {
  const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

export function ScoringEditor({ definition, onChange }: ScoringEditorProps) {
  const { t } = useTranslation();
  const update = (fn: (d: QuestionnaireDefinition) => void) => onChange(produce(definition, fn));
  const questions = listQuestions(definition).map(({ question }, i) => ({
    value: question.key,
    label: `${i + 1}. ${question.text || question.key}`.slice(0, 90),
  }));
  const categoryOptions = definition.categories.map((c) => ({ value: c.code, label: c.name || c.code }));

  const setCategory = (i: number, patch: Partial<CategoryDefinition>) =>
    update((d) => {
      const old = d.categories[i]!;
      if (patch.code !== undefined && patch.code !== old.code) {
        for (const r of d.rules) if (r.categoryCode === old.code) r.categoryCode = patch.code;
      }
      d.categories[i] = { ...old, ...patch };
    });
  const setRule = (i: number, patch: Partial<RuleDefinition>) =>
    update((d) => {
      const next = { ...d.rules[i]!, ...patch };
      if (next.formula === undefined) delete next.formula;
      d.rules[i] = next;
    });

  return (
    <Stack gap="lg">
      <Card>
        <Title order={3} size="h4">
          {t('questionnaires:builder.categories')}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {t('questionnaires:builder.categoriesHint')}
        </Text>
        <Stack gap="md">
          {definition.categories.length === 0 ? <Text c="dimmed">{t('questionnaires:builder.noCategory')}</Text> : null}
          {definition.categories.map((c, i) => (
            <Card key={i} withBorder padding="md" data-testid={`category-editor-${c.code}`}>
              <Stack gap="sm">
                <Group justify="space-between" wrap="nowrap" align="flex-end">
                  <Group grow style={{ flex: 1 }} align="flex-end">
                    <TextInput
                      label={t('questionnaires:builder.field.categoryCode')}
                      value={c.code}
                      onChange={(e) => setCategory(i, { code: e.currentTarget.value })}
                    />
                    <TextInput
                      label={t('questionnaires:builder.field.categoryName')}
                      value={c.name}
                      onChange={(e) => setCategory(i, { name: e.currentTarget.value })}
                    />
                    <NumberInput
                      label={t('questionnaires:builder.field.minScore')}
                      value={c.minScore}
                      allowDecimal={false}
                      onChange={(v) => setCategory(i, { minScore: int(v, c.minScore) })}
                    />
                    <NumberInput
                      label={t('questionnaires:builder.field.maxScore')}
                      value={c.maxScore}
                      allowDecimal={false}
                      onChange={(v) => setCategory(i, { maxScore: int(v, c.maxScore) })}
                    />
                  </Group>
                  <MoveButtons
                    index={i}
                    count={definition.categories.length}
                    label={c.name || c.code}
                    onMove={(delta) =>
                      update((d) => {
                        d.categories = move(d.categories, i, delta);
                      })
                    }
                    onRemove={() =>
                      update((d) => {
                        const [gone] = d.categories.splice(i, 1);
                        d.rules = d.rules.filter((r) => r.categoryCode !== gone?.code);
                      })
                    }
                  />
                </Group>
                <Textarea
                  label={t('questionnaires:builder.field.description')}
                  value={c.description ?? ''}
                  autosize
                  minRows={1}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setCategory(i, { description: v === '' ? undefined : v });
                  }}
                />
                <Divider />
                <RangeEditor category={c} onChange={(ranges) => setCategory(i, { ranges })} />
              </Stack>
            </Card>
          ))}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() =>
                update((d) => {
                  const code = uniqueKey(
                    'categorie',
                    d.categories.map((c) => c.code),
                  );
                  d.categories.push({ code, name: '', minScore: 0, maxScore: 10, ranges: [] });
                })
              }
            >
              {t('questionnaires:builder.addCategory')}
            </Button>
          </Group>
        </Stack>
      </Card>

      <Card>
        <Title order={3} size="h4">
          {t('questionnaires:builder.rules')}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {t('questionnaires:builder.rulesHint')}
        </Text>
        <Stack gap="sm">
          {definition.rules.length === 0 ? <Text c="dimmed">{t('questionnaires:builder.noRule')}</Text> : null}
          {definition.rules.map((r, i) => (
            <Card key={i} withBorder padding="sm" data-testid={`rule-editor-${i}`}>
              <Group align="flex-start" wrap="nowrap" gap="sm">
                <Stack gap="xs" style={{ flex: 1 }}>
                  <Group grow align="flex-end">
                    <Select
                      label={t('questionnaires:builder.field.ruleQuestion')}
                      data={questions}
                      value={r.questionKey}
                      searchable
                      allowDeselect={false}
                      onChange={(v) => v && setRule(i, { questionKey: v })}
                    />
                    <Select
                      label={t('questionnaires:builder.field.ruleCategory')}
                      data={categoryOptions}
                      value={r.categoryCode}
                      allowDeselect={false}
                      onChange={(v) => v && setRule(i, { categoryCode: v })}
                    />
                    <NumberInput
                      label={t('questionnaires:builder.field.weight')}
                      value={r.weight / 100}
                      decimalScale={2}
                      decimalSeparator=","
                      step={0.5}
                      maw={120}
                      onChange={(v) => {
                        const n = typeof v === 'number' ? v : Number.parseFloat(String(v).replace(',', '.'));
                        if (Number.isFinite(n)) setRule(i, { weight: Math.round(n * 100) });
                      }}
                    />
                  </Group>
                  <FormulaField value={r.formula} onChange={(formula) => setRule(i, { formula })} />
                </Stack>
                <ActionIcon
                  mt={28}
                  variant="subtle"
                  color="red"
                  aria-label={t('questionnaires:builder.remove')}
                  onClick={() =>
                    update((d) => {
                      d.rules.splice(i, 1);
                    })
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Card>
          ))}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              disabled={questions.length === 0 || definition.categories.length === 0}
              onClick={() =>
                update((d) => {
                  d.rules.push({ questionKey: questions[0]!.value, categoryCode: d.categories[0]!.code, weight: 100 });
                })
              }
            >
              {t('questionnaires:builder.addRule')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
