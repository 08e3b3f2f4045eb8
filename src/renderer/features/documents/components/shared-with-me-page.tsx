/**
 * "Partagés avec moi": the documents colleagues shared with the user (internal shares that are
 * neither revoked nor expired), with their bilan, who shared them, when, and until when. A document
 * opens through the usual download (`documents:open`), which counts and logs the access on the share.
 */
import { Badge, Button, Card, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SharedWithMeItem } from '../../../../shared/api/documents.api';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, QueryState } from '../../../components/states';
import { formatDate } from '../../../lib/format';
import { useApiQuery } from '../../../lib/query';
import { formatSize } from '../lib/files';
import { useDocumentDownload } from '../lib/use-download';
import { DocumentTitleCell } from './document-title-cell';

function SharedRow({ item }: { item: SharedWithMeItem }) {
  const { t } = useTranslation();
  const doc = item.document;
  const { busy, download: open } = useDocumentDownload(doc.id);
  return (
    <Table.Tr data-testid="shared-row" data-name={doc.name}>
      <DocumentTitleCell
        name={doc.name}
        confidential={doc.isConfidential ? t('documents:sharedWithMe.confidential') : null}
        details={t('documents:sharedWithMe.meta', {
          version: doc.version,
          type: doc.fileType?.includes('pdf') ? 'PDF' : 'DOCX',
          size: formatSize(doc.fileSize),
        })}
      />
      <Table.Td>
        <Text size="sm">{item.beneficiaryName ?? t('documents:sharedWithMe.noAssessment')}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{item.sharedByName}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDate(item.sharedAt)}</Text>
      </Table.Td>
      <Table.Td>
        {item.expirationDate ? (
          <Text size="sm">{formatDate(item.expirationDate)}</Text>
        ) : (
          <Badge size="sm" variant="light" color="gray">
            {t('documents:sharedWithMe.noExpiry')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Group justify="flex-end" wrap="nowrap">
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => void open()}
            loading={busy}
            aria-label={t('documents:sharedWithMe.open', { name: doc.name })}
          >
            {t('documents:panel.download')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function SharedWithMePage() {
  const { t } = useTranslation();
  const query = useApiQuery('documents:sharedWithMe', {});
  return (
    <>
      <PageHeader title={t('documents:sharedWithMe.title')} subtitle={t('documents:sharedWithMe.subtitle')} />
      <Card>
        <QueryState
          query={query}
          isEmpty={(items) => items.length === 0}
          empty={
            <EmptyState title={t('documents:sharedWithMe.emptyTitle')}>{t('documents:sharedWithMe.empty')}</EmptyState>
          }
        >
          {(items) => (
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" aria-label={t('documents:sharedWithMe.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('documents:sharedWithMe.document')}</Table.Th>
                    <Table.Th>{t('documents:sharedWithMe.assessment')}</Table.Th>
                    <Table.Th>{t('documents:sharedWithMe.sharedBy')}</Table.Th>
                    <Table.Th>{t('documents:sharedWithMe.sharedAt')}</Table.Th>
                    <Table.Th>{t('documents:sharedWithMe.expires')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((item) => (
                    <SharedRow key={item.shareId} item={item} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Card>
    </>
  );
}
