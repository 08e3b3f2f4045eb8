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
import type { ReactNode } from 'react';
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

/**
 * An ordered list of small items (options, matrix rows, matrix columns): one line of fields per item,
 * with up / down / delete, and an "add" button below.
 */
function ListEditor<T>({
  items,
  title,
  addLabel,
  itemLabel,
  newItem,
  onChange,
  children,
}: {
  items: readonly T[];
  title: string;
  addLabel: string;
  /** Names the item in the buttons' accessible labels. */
  itemLabel: (item: T) => string;
  newItem: (items: readonly T[]) => T;
  onChange: (items: T[]) => void;
  /** The fields of item `index`; `set` replaces the item with `{ ...item, ...patch }`. */
  children: (item: T, index: number, set: (patch: Partial<T>) => void) => ReactNode;
}) {
  const set = (i: number) => (patch: Partial<T>) => onChange(items.map((o, k) => (k === i ? { ...o, ...patch } : o)));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {items.map((item, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
          {children(item, i, set(i))}
          <MoveButtons
            index={i}
            count={items.length}
            label={itemLabel(item)}
            onMove={(d) => onChange(move(items, i, d))}
            onRemove={() => onChange(items.filter((_, k) => k !== i))}
          />
        </Group>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...items, newItem(items)])}
        >
          {addLabel}
        </Button>
      </Group>
    </Stack>
  );
}

/** A label on the first line of a list only (the next lines align under it); always the accessible name. */
const firstLabel = (i: number, label: string) => ({ label: i === 0 ? label : undefined, 'aria-label': label });

function OptionsEditor({
  options,
  onChange,
  title,
  addLabel,
}: {
  options: readonly OptionDefinition[];
  onChange: (options: OptionDefinition[]) => void;
  title: string;
  addLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <ListEditor
      items={options}
      title={title}
      addLabel={addLabel}
      itemLabel={(o) => o.text || o.value}
      newItem={(list) => ({
        value: uniqueKey(
          'option',
          list.map((o) => o.value),
        ),
        text: '',
        score: 0,
      })}
      onChange={(next) => onChange(next.map(withoutEmptyScore))}
    >
      {(o, i, set) => (
        <>
          <TextInput
            {...firstLabel(i, t('questionnaires:builder.field.optionText'))}
            value={o.text}
            onChange={(e) => set({ text: e.currentTarget.value })}
            style={{ flex: 3 }}
          />
          <TextInput
            {...firstLabel(i, t('questionnaires:builder.field.optionValue'))}
            value={o.value}
            onChange={(e) => set({ value: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <NumberInput
            {...firstLabel(i, t('questionnaires:builder.field.optionScore'))}
            value={o.score ?? ''}
            onChange={(v) => set({ score: intOrUndefined(v) })}
            allowDecimal={false}
            w={90}
          />
        </>
      )}
    </ListEditor>
  );
}

/** An option without a score has no `score` key at all (the definition schema is strict). */
function withoutEmptyScore(o: OptionDefinition): OptionDefinition {
  if (o.score !== undefined) return o;
  const { score: _none, ...rest } = o;
  return rest;
}

/** Sets (or, for undefined, removes) an optional setting of a question's config. */
function setOptional<C extends object, K extends keyof C>(config: C, key: K, value: C[K] | undefined): void {
  if (value === undefined) delete config[key];
  else config[key] = value;
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
            {(['minSelected', 'maxSelected'] as const).map((key) => (
              <NumberInput
                key={key}
                label={t(`questionnaires:builder.field.${key}`)}
                value={q.config?.[key] ?? ''}
                allowDecimal={false}
                min={key === 'minSelected' ? 0 : 1}
                onChange={(v) =>
                  update((d) => {
                    if (d.type !== 'multiple_choice') return;
                    d.config = { ...(d.config ?? {}) };
                    setOptional(d.config, key, intOrUndefined(v));
                  })
                }
              />
            ))}
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
              {(['minLabel', 'maxLabel'] as const).map((key) => (
                <TextInput
                  key={key}
                  label={t(`questionnaires:builder.field.${key === 'minLabel' ? 'scaleMinLabel' : 'scaleMaxLabel'}`)}
                  value={q.config[key] ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    update((d) => {
                      if (d.type === 'scale') setOptional(d.config, key, v === '' ? undefined : v);
                    });
                  }}
                />
              ))}
            </Group>
          </Stack>
        ) : null}

        {q.type === 'matrix' ? (
          <Stack gap="sm">
            <ListEditor
              items={q.config.rows}
              title={t('questionnaires:builder.rows')}
              addLabel={t('questionnaires:builder.addRow')}
              itemLabel={(r) => r.text || r.key}
              newItem={(rows) => ({
                key: uniqueKey(
                  'ligne',
                  rows.map((r) => r.key),
                ),
                text: '',
              })}
              onChange={(rows) =>
                update((d) => {
                  if (d.type === 'matrix') d.config.rows = rows;
                })
              }
            >
              {(r, _i, set) => (
                <>
                  <TextInput
                    aria-label={t('questionnaires:builder.field.rowText')}
                    value={r.text}
                    style={{ flex: 3 }}
                    onChange={(e) => set({ text: e.currentTarget.value })}
                  />
                  <TextInput
                    aria-label={t('questionnaires:builder.field.rowKey')}
                    value={r.key}
                    style={{ flex: 1 }}
                    onChange={(e) => set({ key: e.currentTarget.value })}
                  />
                </>
              )}
            </ListEditor>
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
