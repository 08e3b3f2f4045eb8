/**
 * The dossier of a bilan in one go: the synthesis (DOCX), the attendance sheet and the certificate
 * (PDF). The server lists what is missing before anything is generated; the synthesis content the
 * consultant writes is pre-filled from the previous version; other missing values (a firm field…) can
 * be typed here for this generation.
 */
import { Alert, Button, Group, List, Modal, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary, DossierCheck, VariableIssue } from '../../../../shared/api/documents.api';
import { QueryState } from '../../../components/states';
import { api, isApiError } from '../../../lib/api';
import { useCallOnce } from '../lib/use-call';
import { documentError } from '../lib/errors';
import { synthesisFromValues, synthesisToValues, withExtras, type SynthesisForm } from '../lib/synthesis-form';
import { SynthesisFields } from './synthesis-fields';

export interface DossierResult {
  readonly synthesis: DocumentSummary;
  readonly attendance: DocumentSummary;
  readonly certificate: DocumentSummary;
}

function otherMissing(check: DossierCheck): VariableIssue[] {
  const seen = new Map<string, VariableIssue>();
  for (const item of check.items)
    for (const m of item.missing) if (!m.name.startsWith('synthesis.')) seen.set(m.name, m);
  return [...seen.values()];
}

function Form({
  assessmentId,
  check,
  onClose,
  onGenerated,
}: {
  assessmentId: string;
  check: DossierCheck;
  onClose: () => void;
  onGenerated: (result: DossierResult) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<SynthesisForm>(() => synthesisFromValues(check.prefill));
  const [extras, setExtras] = useState<Record<string, string>>({});
  const [current, setCurrent] = useState(check);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missing = current.items.flatMap((i) => i.missing.map((m) => m.name));
  const extraFields = otherMissing(check);
  const problems = current.items.flatMap((i) => i.problems.map((p) => ({ kind: i.kind, p })));

  const values = () => withExtras({ ...check.prefill, synthesis: synthesisToValues(form) }, extras);

  const generate = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.invoke('documents:generateDossier', { assessmentId, values: values() });
      await client.invalidateQueries({ queryKey: ['documents:list'] });
      onGenerated(result);
    } catch (e) {
      if (isApiError(e) && e.rule === 'missing_variables') {
        setCurrent(await api.invoke('documents:checkDossier', { assessmentId, values: values() }));
      }
      setError(documentError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Text size="sm">{t('documents:dossier.intro')}</Text>
      {problems.length > 0 ? (
        <Alert color="orange" variant="light" title={t('documents:dossier.blocked')}>
          <List size="sm">
            {problems.map(({ kind, p }) => (
              <List.Item key={`${kind}-${p}`}>
                {t(`documents:kind.${kind}`)} : {t(`documents:errors.${p}`, { defaultValue: p })}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <ScrollArea.Autosize mah="60vh" offsetScrollbars>
        <Stack gap="md">
          <Title order={3} size="h5">
            {t('documents:dossier.synthesisTitle')}
          </Title>
          <SynthesisFields value={form} onChange={setForm} missing={missing} />
          {extraFields.length > 0 ? (
            <>
              <Title order={3} size="h5">
                {t('documents:dossier.otherTitle')}
              </Title>
              <Text size="xs" c="dimmed">
                {t('documents:dossier.otherHelp')}
              </Text>
              {extraFields.map((m) => (
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
                  error={
                    missing.includes(m.name) && (extras[m.name] ?? '') === ''
                      ? t('documents:dossier.required')
                      : undefined
                  }
                />
              ))}
            </>
          ) : null}
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
        <Button onClick={() => void generate()} loading={busy} data-testid="dossier-generate">
          {t('documents:dossier.generate')}
        </Button>
      </Group>
    </Stack>
  );
}

function Loader({
  assessmentId,
  onClose,
  onGenerated,
}: {
  assessmentId: string;
  onClose: () => void;
  onGenerated: (result: DossierResult) => void;
}) {
  // Once per opening: reading the previous synthesis values is logged.
  const query = useCallOnce('documents:checkDossier', { assessmentId });
  return (
    <QueryState query={query}>
      {(check) => <Form assessmentId={assessmentId} check={check} onClose={onClose} onGenerated={onGenerated} />}
    </QueryState>
  );
}

export function DossierDialog({
  assessmentId,
  opened,
  onClose,
  onGenerated,
}: {
  assessmentId: string;
  opened: boolean;
  onClose: () => void;
  onGenerated: (result: DossierResult) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('documents:dossier.title')} size="xl" centered>
      {opened ? <Loader assessmentId={assessmentId} onClose={onClose} onGenerated={onGenerated} /> : null}
    </Modal>
  );
}
