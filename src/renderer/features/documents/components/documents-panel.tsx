/**
 * The documents of a bilan, on its page: "Générer le dossier" (synthesis, attendance sheet and
 * certificate in one click when the synthesis content is known, then the signing flow), other
 * documents from the templates, and per document: download (a logged read), sign, verify, share,
 * versions. Confidential documents are marked and closed to whoever may not read them. At the end of
 * the bilan, the working documents can be destroyed (compliance).
 */
import { ActionIcon, Alert, Badge, Button, Card, Group, Menu, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentList, DocumentSummary } from '../../../../shared/api/documents.api';
import { IconCheck, IconChevronDown, IconEdit, IconPlus, IconShare, IconTrash } from '../../../components/icons';
import { EmptyState, QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { formatDate, formatDateTime } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useApiQuery } from '../../../lib/query';
import { documentError } from '../lib/errors';
import { downloadFile, formatSize } from '../lib/files';
import { useDocumentDownload } from '../lib/use-download';
import { DocumentTitleCell } from './document-title-cell';
import { DossierDialog, type DossierResult } from './dossier-dialog';
import { GenerateDialog } from './generate-dialog';
import { ShareDialog } from './share-dialog';
import { SignDialog } from './sign-dialog';
import { VerifyDialog } from './verify-dialog';

const STATUS_COLORS = { draft: 'gray', final: 'blue', signed: 'green', archived: 'dark' } as const;

function HistoryDialog({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useApiQuery('documents:get', { id: id ?? '' }, { enabled: id !== null });
  return (
    <Modal opened={id !== null} onClose={onClose} title={t('documents:history.title')} size="lg" centered>
      {id ? (
        <QueryState query={query}>
          {(detail) => (
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('documents:history.version')}</Table.Th>
                  <Table.Th>{t('documents:history.status')}</Table.Th>
                  <Table.Th>{t('documents:history.created')}</Table.Th>
                  <Table.Th>{t('documents:history.hash')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...detail.versions].reverse().map((v) => (
                  <Table.Tr key={v.id}>
                    <Table.Td>{t('documents:panel.version', { version: v.version })}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={STATUS_COLORS[v.status]}>
                        {t(`documents:status.${v.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(v.createdAt)}</Text>
                      <Text size="xs" c="dimmed">
                        {v.createdByName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {v.contentSha256?.slice(0, 16)}…
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {v.canRead ? (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() =>
                            void api
                              .invoke('documents:open', { id: v.id, purpose: 'download' })
                              .then(downloadFile)
                              .catch((e: unknown) => notifyError(e))
                          }
                        >
                          {t('documents:panel.download')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      ) : null}
    </Modal>
  );
}

function DocumentRow({
  doc,
  list,
  onSign,
  onVerify,
  onShare,
  onHistory,
}: {
  doc: DocumentSummary;
  list: DocumentList;
  onSign: (doc: DocumentSummary) => void;
  onVerify: (id: string) => void;
  onShare: (doc: DocumentSummary) => void;
  onHistory: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { busy, download } = useDocumentDownload(doc.id);
  const signable = doc.signable.beneficiary || (list.isConsultant && doc.signable.consultant);
  return (
    <Table.Tr data-testid="document-row" data-name={doc.name} data-status={doc.status}>
      <DocumentTitleCell
        name={doc.name}
        confidential={doc.isConfidential ? t('documents:panel.confidential') : null}
        details={t('documents:panel.meta', {
          version: doc.version,
          type: doc.fileType?.includes('pdf') ? 'PDF' : 'DOCX',
          size: formatSize(doc.fileSize),
          date: formatDate(doc.createdAt),
        })}
      />
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <Badge size="sm" variant="light" color={STATUS_COLORS[doc.status]} data-testid="document-status">
            {t(`documents:status.${doc.status}`)}
          </Badge>
          {doc.signatures.length > 0 ? (
            <Text size="xs" c="dimmed">
              {t('documents:panel.signedBy', { names: doc.signatures.map((s) => s.signerName).join(', ') })}
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        {doc.canRead ? (
          <Group gap={4} justify="flex-end" wrap="nowrap">
            <Button size="compact-sm" variant="light" onClick={() => void download()} loading={busy}>
              {t('documents:panel.download')}
            </Button>
            {signable ? (
              <Button
                size="compact-sm"
                variant="light"
                color="teal"
                leftSection={<IconEdit size={14} />}
                onClick={() => onSign(doc)}
              >
                {t('documents:panel.sign')}
              </Button>
            ) : null}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" aria-label={t('documents:panel.more', { name: doc.name })}>
                  <IconChevronDown size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconCheck size={14} />} onClick={() => onVerify(doc.id)}>
                  {t('documents:panel.verify')}
                </Menu.Item>
                {list.canGenerate ? (
                  <Menu.Item leftSection={<IconShare size={14} />} onClick={() => onShare(doc)}>
                    {t('documents:panel.share')}
                  </Menu.Item>
                ) : null}
                <Menu.Item onClick={() => onHistory(doc.id)}>{t('documents:panel.history')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        ) : (
          <Text size="xs" c="dimmed" ta="right">
            {t('documents:panel.restricted')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function Panel({ assessmentId, list }: { assessmentId: string; list: DocumentList }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [dossierOpen, setDossierOpen] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [generateFor, setGenerateFor] = useState<string | null | undefined>(undefined);
  const [signDocs, setSignDocs] = useState<DocumentSummary[] | null>(null);
  const [verifyId, setVerifyId] = useState<string | null>(null);
  const [shareDoc, setShareDoc] = useState<DocumentSummary | null>(null);
  const [historyId, setHistoryId] = useState<string | null>(null);
  const [destroying, setDestroying] = useState(false);
  const [destroyError, setDestroyError] = useState<string | null>(null);

  const refresh = () => client.invalidateQueries({ queryKey: ['documents:list'] });
  const afterDossier = (result: DossierResult): void => {
    setDossierOpen(false);
    notifySuccess(t('documents:dossier.done'));
    void refresh();
    // Then the signatures of the PDFs: beneficiary, then consultant.
    setSignDocs([result.attendance, result.certificate]);
  };

  /** One click: generates straight away when the synthesis content is already known, else asks for it. */
  const oneClick = async (): Promise<void> => {
    setGenerating(true);
    try {
      const check = await api.invoke('documents:checkDossier', { assessmentId });
      if (!check.ok) {
        setDossierOpen(true);
        return;
      }
      afterDossier(await api.invoke('documents:generateDossier', { assessmentId, values: check.prefill }));
    } catch (e) {
      notifyError(e);
    } finally {
      setGenerating(false);
    }
  };

  const pdfToSign = list.items.filter((d) => d.signable.beneficiary || (list.isConsultant && d.signable.consultant));
  const single = (doc: DocumentSummary) => setSignDocs([doc]);

  const destroy = async (): Promise<void> => {
    setDestroyError(null);
    try {
      const result = await api.invoke('documents:destroyWorkingDocuments', { assessmentId });
      notifySuccess(t('documents:working.destroyed', { count: result.destroyed }));
      setDestroying(false);
      await refresh();
    } catch (e) {
      setDestroyError(documentError(t, e));
    }
  };

  const pdfAction = async (
    channel: 'documents:generateAttendance' | 'documents:generateCertificate',
  ): Promise<void> => {
    try {
      await api.invoke(channel, { assessmentId });
      notifySuccess(t('documents:generate.done'));
      await refresh();
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Card data-testid="documents-panel">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} size="h4">
          {t('documents:panel.title')}
        </Title>
        {list.canGenerate ? (
          <Group gap="xs">
            {pdfToSign.length > 0 ? (
              <Button variant="light" color="teal" size="xs" onClick={() => setSignDocs(pdfToSign)}>
                {t('documents:panel.signAll', { count: pdfToSign.length })}
              </Button>
            ) : null}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" size="xs" leftSection={<IconPlus size={14} />}>
                  {t('documents:panel.newDocument')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {list.templates.map((tpl) => (
                  <Menu.Item key={tpl.id} onClick={() => setGenerateFor(tpl.id)}>
                    {tpl.name}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Menu.Item onClick={() => void pdfAction('documents:generateAttendance')}>
                  {t('documents:panel.attendancePdf')}
                </Menu.Item>
                <Menu.Item onClick={() => void pdfAction('documents:generateCertificate')}>
                  {t('documents:panel.certificatePdf')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button size="xs" onClick={() => void oneClick()} loading={generating}>
              {t('documents:panel.dossier')}
            </Button>
          </Group>
        ) : null}
      </Group>
      {list.items.length === 0 ? (
        <EmptyState title={t('documents:panel.emptyTitle')}>{t('documents:panel.empty')}</EmptyState>
      ) : (
        <Table verticalSpacing="xs" data-testid="documents-table">
          <Table.Tbody>
            {list.items.map((doc) => (
              <DocumentRow
                key={doc.id}
                doc={doc}
                list={list}
                onSign={single}
                onVerify={setVerifyId}
                onShare={setShareDoc}
                onHistory={setHistoryId}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="space-between" mt="sm" gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed" data-testid="working-docs">
          {list.workingDocs.destroyedAt
            ? t('documents:working.destroyedOn', { date: formatDate(list.workingDocs.destroyedAt) })
            : list.workingDocs.keepConsent && list.workingDocs.destroyAfter
              ? t('documents:working.kept', {
                  count: list.workingDocs.count,
                  date: formatDate(list.workingDocs.destroyAfter),
                })
              : t('documents:working.count', { count: list.workingDocs.count })}
        </Text>
        {list.canGenerate && list.workingDocs.canDestroy && list.workingDocs.count > 0 ? (
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => setDestroying(true)}
          >
            {t('documents:working.destroy')}
          </Button>
        ) : null}
      </Group>

      <DossierDialog
        assessmentId={assessmentId}
        opened={dossierOpen}
        onClose={() => setDossierOpen(false)}
        onGenerated={afterDossier}
      />
      <GenerateDialog
        assessmentId={assessmentId}
        templates={list.templates}
        initialTemplateId={generateFor ?? null}
        opened={generateFor !== undefined}
        onClose={() => setGenerateFor(undefined)}
        onGenerated={() => {
          setGenerateFor(undefined);
          notifySuccess(t('documents:generate.done'));
          void refresh();
        }}
      />
      <SignDialog
        opened={signDocs !== null}
        onClose={() => {
          setSignDocs(null);
          void refresh();
        }}
        documents={signDocs ?? []}
        beneficiaryName={list.beneficiaryName}
        consultantName={list.consultantName}
        isConsultant={list.isConsultant}
      />
      <VerifyDialog id={verifyId} onClose={() => setVerifyId(null)} />
      <ShareDialog doc={shareDoc} onClose={() => setShareDoc(null)} />
      <HistoryDialog id={historyId} onClose={() => setHistoryId(null)} />
      <Modal
        opened={destroying}
        onClose={() => setDestroying(false)}
        title={t('documents:working.confirmTitle')}
        centered
      >
        <Stack>
          <Text size="sm">{t('documents:working.confirm', { count: list.workingDocs.count })}</Text>
          {destroyError ? (
            <Alert color="red" variant="light" role="alert">
              {destroyError}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDestroying(false)}>
              {t('common:action.cancel')}
            </Button>
            <Button color="red" onClick={() => void destroy()}>
              {t('documents:working.destroy')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** The "Documents" section of a bilan's page. */
export function DocumentsPanel({ assessmentId }: { assessmentId: string }) {
  const query = useApiQuery('documents:list', { assessmentId });
  return <QueryState query={query}>{(list) => <Panel assessmentId={assessmentId} list={list} />}</QueryState>;
}
