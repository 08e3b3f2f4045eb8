/**
 * One document from a template (DOCX or PDF of the same content; a Word template gives a DOCX): the
 * missing variables are listed by the server before generation and can be typed here.
 */
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  DocumentSummary,
  GenerationCheck,
  GenerationTemplate,
  TemplateValues,
} from '../../../../shared/api/documents.api';
import { api } from '../../../lib/api';
import { documentError } from '../lib/errors';
import {
  EMPTY_SYNTHESIS,
  synthesisFromValues,
  synthesisToValues,
  withExtras,
  type SynthesisForm,
} from '../lib/synthesis-form';
import { SynthesisFields } from './synthesis-fields';

function Body({
  assessmentId,
  templates,
  initialTemplateId,
  onClose,
  onGenerated,
}: {
  assessmentId: string;
  templates: readonly GenerationTemplate[];
  initialTemplateId: string | null;
  onClose: () => void;
  onGenerated: (doc: DocumentSummary) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [templateId, setTemplateId] = useState<string | null>(initialTemplateId);
  const [format, setFormat] = useState<'docx' | 'pdf'>('docx');
  const [prefill, setPrefill] = useState<TemplateValues>({});
  const [synthesis, setSynthesis] = useState<SynthesisForm>(EMPTY_SYNTHESIS);
  const [extras, setExtras] = useState<Record<string, string>>({});
  const [check, setCheck] = useState<GenerationCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const template = templates.find((x) => x.id === templateId) ?? null;
  const isSynthesis = template?.code === 'document-de-synthese';

  const values = (): TemplateValues =>
    withExtras(isSynthesis ? { ...prefill, synthesis: synthesisToValues(synthesis) } : { ...prefill }, extras);

  useEffect(() => {
    if (!templateId) return;
    let live = true;
    void (async () => {
      try {
        const p = await api.invoke('documents:prefill', { assessmentId, templateId });
        if (!live) return;
        setPrefill(p.values);
        setSynthesis(synthesisFromValues(p.values));
        setCheck(await api.invoke('documents:check', { assessmentId, templateId, values: p.values }));
      } catch (e) {
        if (live) setError(documentError(t, e));
      }
    })();
    return () => {
      live = false;
    };
  }, [assessmentId, templateId, t]);

  const generate = async (): Promise<void> => {
    if (!templateId) return;
    setBusy(true);
    setError(null);
    try {
      const doc = await api.invoke('documents:generate', { assessmentId, templateId, format, values: values() });
      await client.invalidateQueries({ queryKey: ['documents:list'] });
      onGenerated(doc);
    } catch (e) {
      setError(documentError(t, e));
      try {
        setCheck(await api.invoke('documents:check', { assessmentId, templateId, values: values() }));
      } catch {
        // The error above says enough.
      }
    } finally {
      setBusy(false);
    }
  };

  const missing = check?.missing ?? [];
  const others = missing.filter((m) => !(isSynthesis && m.name.startsWith('synthesis.')));
  return (
    <Stack>
      <Select
        label={t('documents:generate.template')}
        data={templates.map((x) => ({ value: x.id, label: x.name }))}
        value={templateId}
        onChange={(v) => {
          setTemplateId(v);
          setCheck(null);
          setExtras({});
          setError(null);
        }}
        allowDeselect={false}
      />
      {template && template.kind === 'sections' ? (
        <SegmentedControl
          value={format}
          onChange={(v) => setFormat(v === 'pdf' ? 'pdf' : 'docx')}
          data={[
            { value: 'docx', label: t('documents:generate.docx') },
            { value: 'pdf', label: t('documents:generate.pdf') },
          ]}
        />
      ) : null}
      {check && (check.unknown.length > 0 || check.invalid.length > 0) ? (
        <Alert color="red" variant="light" title={t('documents:generate.unknownTitle')}>
          <List size="sm">
            {[...check.unknown, ...check.invalid].map((u) => (
              <List.Item key={u}>{u}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {check && check.ok ? (
        <Text size="sm" c="green.8">
          {t('documents:generate.ready')}
        </Text>
      ) : null}
      <ScrollArea.Autosize mah="55vh" offsetScrollbars>
        <Stack gap="sm">
          {isSynthesis ? (
            <SynthesisFields value={synthesis} onChange={setSynthesis} missing={missing.map((m) => m.name)} />
          ) : null}
          {others.map((m) => (
            <TextInput
              key={m.name}
              label={m.description ?? m.name}
              description={m.name}
              withAsterisk
              value={extras[m.name] ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setExtras((x) => ({ ...x, [m.name]: v }));
              }}
            />
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {error ? (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={busy}>
          {t('common:action.cancel')}
        </Button>
        <Button onClick={() => void generate()} loading={busy} disabled={!templateId}>
          {t('documents:generate.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

export function GenerateDialog(props: {
  assessmentId: string;
  templates: readonly GenerationTemplate[];
  initialTemplateId: string | null;
  opened: boolean;
  onClose: () => void;
  onGenerated: (doc: DocumentSummary) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('documents:generate.title')} size="xl" centered>
      {props.opened ? <Body {...props} /> : null}
    </Modal>
  );
}
