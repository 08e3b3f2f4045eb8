/** A beneficiary's profile with their bilans. */
import { Anchor, Button, Card, Grid, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { BeneficiaryDetail } from '../../../../shared/api/beneficiaries.api';
import { IconEdit, IconPlus } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, QueryState } from '../../../components/states';
import { formatDate, formatPercent } from '../../../lib/format';
import { useApiQuery } from '../../../lib/query';
import { CreateAssessmentModal } from '../../assessments/components/create-assessment-modal';
import { StatusBadge } from '../../assessments/components/status-badge';
import { BeneficiaryFormModal } from './beneficiary-form';

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value && value !== '' ? value : t('common:state.notProvided')}</Text>
    </div>
  );
}

function Profile({ b }: { b: BeneficiaryDetail }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState(false);
  const p = b.profile;
  const address = [p.address, [p.postalCode, p.city].filter(Boolean).join(' '), p.country].filter(Boolean).join(', ');
  return (
    <>
      <PageHeader
        title={`${b.firstName} ${b.lastName}`}
        subtitle={[p.jobTitle, p.company].filter(Boolean).join(' · ') || b.email}
        actions={
          <>
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
              {t('common:action.edit')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('beneficiaries:profile.newAssessment')}
            </Button>
          </>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('beneficiaries:profile.contact')}
              </Title>
              <Field label={t('beneficiaries:field.email')} value={b.email} />
              <Field label={t('beneficiaries:field.phone')} value={b.phone} />
              <Field label={t('beneficiaries:field.address')} value={address} />
              <Field label={t('beneficiaries:field.birthDate')} value={formatDate(p.birthDate)} />
              <Field label={t('beneficiaries:field.jobTitle')} value={p.jobTitle} />
              <Field label={t('beneficiaries:field.company')} value={p.company} />
              <Field
                label={t('beneficiaries:field.seniority')}
                value={p.seniority === null ? null : t('beneficiaries:profile.months', { count: p.seniority })}
              />
              <Field label={t('beneficiaries:profile.since')} value={formatDate(b.createdAt)} />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card>
            <Title order={2} size="h4" mb="sm">
              {t('beneficiaries:profile.assessments')}
            </Title>
            {b.assessments.length === 0 ? (
              <EmptyState
                title={t('beneficiaries:profile.noAssessment')}
                action={
                  <Button variant="light" onClick={() => setCreating(true)}>
                    {t('beneficiaries:profile.newAssessment')}
                  </Button>
                }
              />
            ) : (
              <Table highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assessments:field.status')}</Table.Th>
                    <Table.Th>{t('assessments:field.consultant')}</Table.Th>
                    <Table.Th>{t('assessments:field.period')}</Table.Th>
                    <Table.Th>{t('assessments:field.progress')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {b.assessments.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/assessments/${a.id}`}
                          aria-label={t('beneficiaries:profile.openAssessment')}
                        >
                          <StatusBadge status={a.status} style={{ cursor: 'pointer' }} />
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{a.consultantName}</Table.Td>
                      <Table.Td>
                        {a.startDate ? formatDate(a.startDate, 'short') : t('assessments:field.notStarted')}
                        {a.expectedEndDate ? ` → ${formatDate(a.expectedEndDate, 'short')}` : ''}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Progress value={a.progressPercentage} w={90} size="sm" aria-hidden />
                          <Text size="xs">{formatPercent(a.progressPercentage)}</Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Grid.Col>
      </Grid>
      <BeneficiaryFormModal opened={editing} onClose={() => setEditing(false)} beneficiary={b} />
      <CreateAssessmentModal beneficiaryId={b.id} opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}

export function BeneficiaryPage() {
  const { id = '' } = useParams();
  const query = useApiQuery('beneficiaries:get', { id });
  return <QueryState query={query}>{(b) => <Profile b={b} />}</QueryState>;
}
