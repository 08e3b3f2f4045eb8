/**
 * Builder: one question (key, type, text, help, required) with its type settings — options with
 * values and points, scale bounds and labels, matrix rows × columns, multiple-choice limits.
 * Lists are reordered with up/down buttons.
 */
import {
  ActionIcon,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  QUESTION_TYPES,
  type OptionDefinition,
  type QuestionDefinition,
  type QuestionType,
} from '../../../../shared/domain/questionnaires/definition';
import { IconChevronDown, IconChevronUp, IconPlus, IconTrash } from '../../../components/icons';
import { changeType, move, produce, uniqueKey } from '../lib/draft';

/** Up / down / delete buttons of a list item. */
export function MoveButtons({
  index,
  count,
  onMove,
  onRemove,
  label,
}: {
  index: number;
  count: number;
  onMove: (delta: number) => void;
  onRemove?: () => void;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon
        variant="subtle"
        aria-label={`${t('questionnaires:builder.moveUp')} : ${label}`}
        disabled={index === 0}
        onClick={() => onMove(-1)}
      >
        <IconChevronUp size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        aria-label={`${t('questionnaires:builder.moveDown')} : ${label}`}
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      >
        <IconChevronDown size={16} />
      </ActionIcon>
      {onRemove ? (
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`${t('questionnaires:builder.remove')} : ${label}`}
          onClick={onRemove}
        >
          <IconTrash size={16} />
        </ActionIcon>
      ) : null}
    </Group>
  );
}

function intOrUndefined(v: number | string): number | undefined {
  if (v === '' || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function OptionsEditor({
  options,
  onChange,
  withScore = true,
  title,
  addLabel,
}: {
  options: readonly OptionDefinition[];
  onChange: (options: OptionDefinition[]) => void;
  withScore?: boolean;
  title: string;
  addLabel: string;
}) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<OptionDefinition>) =>
    onChange(
      options.map((o, k) => {
        if (k !== i) return o;
        const next = { ...o, ...patch };
        if (next.score === undefined) delete next.score;
        return next;
      }),
    );
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {options.map((o, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={i === 0 ? t('questionnaires:builder.field.optionText') : undefined}
            aria-label={t('questionnaires:builder.field.optionText')}
            value={o.text}
            onChange={(e) => set(i, { text: e.currentTarget.value })}
            style={{ flex: 3 }}
          />
          <TextInput
            label={i === 0 ? t('questionnaires:builder.field.optionValue') : undefined}
            aria-label={t('questionnaires:builder.field.optionValue')}
            value={o.value}
            onChange={(e) => set(i, { value: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          {withScore ? (
            <NumberInput
              label={i === 0 ? t('questionnaires:builder.field.optionScore') : undefined}
              aria-label={t('questionnaires:builder.field.optionScore')}
              value={o.score ?? ''}
              onChange={(v) => set(i, { score: intOrUndefined(v) })}
              allowDecimal={false}
              w={90}
            />
          ) : null}
          <MoveButtons
            index={i}
            count={options.length}
            label={o.text || o.value}
            onMove={(d) => onChange(move(options, i, d))}
            onRemove={() => onChange(options.filter((_, k) => k !== i))}
          />
        </Group>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            onChange([
              ...options,
              {
                value: uniqueKey(
                  'option',
                  options.map((o) => o.value),
                ),
                text: '',
                ...(withScore ? { score: 0 } : {}),
              },
            ])
          }
        >
          {addLabel}
        </Button>
      </Group>
    </Stack>
  );
}

export interface QuestionEditorProps {
  readonly question: QuestionDefinition;
  readonly index: number;
  readonly count: number;
  readonly onChange: (question: QuestionDefinition) => void;
  readonly onMove: (delta: number) => void;
  readonly onRemove: () => void;
}

export function QuestionEditor({ question: q, index, count, onChange, onMove, onRemove }: QuestionEditorProps) {
  const { t } = useTranslation();
  const update = (fn: (d: QuestionDefinition) => void) => onChange(produce(q, fn));
  return (
    <Card withBorder padding="md" data-testid={`question-editor-${q.key}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {t('questionnaires:builder.question', { index: index + 1 })} · {t(`questionnaires:type.${q.type}`)}
          </Text>
          <MoveButtons index={index} count={count} label={q.text || q.key} onMove={onMove} onRemove={onRemove} />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('questionnaires:builder.field.key')}
            description={t('questionnaires:builder.field.keyHint')}
            value={q.key}
            onChange={(e) => {
              const key = e.currentTarget.value;
              update((d) => {
                d.key = key;
              });
            }}
          />
          <Select
            label={t('questionnaires:builder.field.questionType')}
            data={QUESTION_TYPES.map((type) => ({ value: type, label: t(`questionnaires:type.${type}`) }))}
            value={q.type}
            allowDeselect={false}
            onChange={(v) => v && onChange(changeType(q, v as QuestionType))}
          />
        </Group>
        <Textarea
          label={t('questionnaires:builder.field.questionText')}
          value={q.text}
          autosize
          minRows={1}
          onChange={(e) => {
            const text = e.currentTarget.value;
            update((d) => {
              d.text = text;
            });
          }}
        />
        <Group grow align="flex-end">
          <TextInput
            label={t('questionnaires:builder.field.helpText')}
            value={q.helpText ?? ''}
            onChange={(e) => {
              const help = e.currentTarget.value;
              update((d) => {
                if (help === '') delete d.helpText;
                else d.helpText = help;
              });
            }}
          />
          <Switch
            label={t('questionnaires:builder.field.required')}
            checked={q.isRequired}
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              update((d) => {
                d.isRequired = checked;
              });
            }}
          />
        </Group>

        {q.type === 'single_choice' || q.type === 'multiple_choice' ? (
          <OptionsEditor
            options={q.options}
            title={t('questionnaires:builder.options')}
            addLabel={t('questionnaires:builder.addOption')}
            onChange={(options) =>
              update((d) => {
                d.options = options;
              })
            }
          />
        ) : null}

        {q.type === 'multiple_choice' ? (
          <Group grow>
            <NumberInput
              label={t('questionnaires:builder.field.minSelected')}
              value={q.config?.minSelected ?? ''}
              allowDecimal={false}
              min={0}
              onChange={(v) =>
                update((d) => {
                  if (d.type !== 'multiple_choice') return;
                  const n = intOrUndefined(v);
                  d.config = { ...(d.config ?? {}) };
                  if (n === undefined) delete d.config.minSelected;
                  else d.config.minSelected = n;
                })
              }
            />
            <NumberInput
              label={t('questionnaires:builder.field.maxSelected')}
              value={q.config?.maxSelected ?? ''}
              allowDecimal={false}
              min={1}
              onChange={(v) =>
                update((d) => {
                  if (d.type !== 'multiple_choice') return;
                  const n = intOrUndefined(v);
                  d.config = { ...(d.config ?? {}) };
                  if (n === undefined) delete d.config.maxSelected;
                  else d.config.maxSelected = n;
                })
              }
            />
          </Group>
        ) : null}

        {q.type === 'scale' ? (
          <Stack gap="xs">
            <Group grow>
              <NumberInput
                label={t('questionnaires:builder.field.scaleMin')}
                value={q.config.min}
                allowDecimal={false}
                onChange={(v) =>
                  update((d) => {
                    if (d.type === 'scale') d.config.min = intOrUndefined(v) ?? 0;
                  })
                }
              />
              <NumberInput
                label={t('questionnaires:builder.field.scaleMax')}
                value={q.config.max}
                allowDecimal={false}
                onChange={(v) =>
                  update((d) => {
                    if (d.type === 'scale') d.config.max = intOrUndefined(v) ?? 0;
                  })
                }
              />
              <NumberInput
                label={t('questionnaires:builder.field.scaleStep')}
                value={q.config.step ?? 1}
                allowDecimal={false}
                min={1}
                onChange={(v) =>
                  update((d) => {
                    if (d.type !== 'scale') return;
                    const n = intOrUndefined(v);
                    if (n === undefined || n === 1) delete d.config.step;
                    else d.config.step = n;
                  })
                }
              />
            </Group>
            <Group grow>
              <TextInput
                label={t('questionnaires:builder.field.scaleMinLabel')}
                value={q.config.minLabel ?? ''}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update((d) => {
                    if (d.type !== 'scale') return;
                    if (v === '') delete d.config.minLabel;
                    else d.config.minLabel = v;
                  });
                }}
              />
              <TextInput
                label={t('questionnaires:builder.field.scaleMaxLabel')}
                value={q.config.maxLabel ?? ''}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update((d) => {
                    if (d.type !== 'scale') return;
                    if (v === '') delete d.config.maxLabel;
                    else d.config.maxLabel = v;
                  });
                }}
              />
            </Group>
          </Stack>
        ) : null}

        {q.type === 'matrix' ? (
          <Stack gap="sm">
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                {t('questionnaires:builder.rows')}
              </Text>
              {q.config.rows.map((r, i) => (
                <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
                  <TextInput
                    aria-label={t('questionnaires:builder.field.rowText')}
                    value={r.text}
                    style={{ flex: 3 }}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      update((d) => {
                        if (d.type === 'matrix') d.config.rows[i]!.text = v;
                      });
                    }}
                  />
                  <TextInput
                    aria-label={t('questionnaires:builder.field.rowKey')}
                    value={r.key}
                    style={{ flex: 1 }}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      update((d) => {
                        if (d.type === 'matrix') d.config.rows[i]!.key = v;
                      });
                    }}
                  />
                  <MoveButtons
                    index={i}
                    count={q.config.rows.length}
                    label={r.text || r.key}
                    onMove={(delta) =>
                      update((d) => {
                        if (d.type === 'matrix') d.config.rows = move(d.config.rows, i, delta);
                      })
                    }
                    onRemove={() =>
                      update((d) => {
                        if (d.type === 'matrix') d.config.rows.splice(i, 1);
                      })
                    }
                  />
                </Group>
              ))}
              <Group>
                <Button
                  variant="light"
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() =>
                    update((d) => {
                      if (d.type === 'matrix') {
                        d.config.rows.push({
                          key: uniqueKey(
                            'ligne',
                            d.config.rows.map((r) => r.key),
                          ),
                          text: '',
                        });
                      }
                    })
                  }
                >
                  {t('questionnaires:builder.addRow')}
                </Button>
              </Group>
            </Stack>
            <OptionsEditor
              options={q.config.columns}
              title={t('questionnaires:builder.columns')}
              addLabel={t('questionnaires:builder.addColumn')}
              onChange={(columns) =>
                update((d) => {
                  if (d.type === 'matrix') d.config.columns = columns;
                })
              }
            />
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
