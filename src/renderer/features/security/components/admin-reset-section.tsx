/**
 * Administrators: reset a member's password. The single-use code is shown once, in a dialog, to be
 * handed over out of band; the member completes the reset from the sign-in screen.
 */
import { Button, Card, Code, CopyButton, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session';
import { api } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { FormError } from '../../../components/form-footer';
import { useApiQuery } from '../../../lib/query';
import { useAuthAction } from '../../auth/lib/use-auth-action';

export function AdminResetSection() {
  const { t } = useTranslation();
  const { user } = useSession();
  const staff = useApiQuery('users:listStaff', {});
  const [target, setTarget] = useState<string | null>(null);
  const [result, setResult] = useState<{ name: string; token: string; expiresAt: string } | null>(null);
  const { busy, error, run } = useAuthAction();
  const members = (staff.data ?? [])
    .filter((m) => m.id !== user.id && m.status !== 'inactive')
    .map((m) => ({ value: m.id, label: `${m.firstName} ${m.lastName} — ${m.email}` }));

  const submit = () => {
    if (!target) return;
    const member = members.find((m) => m.value === target);
    void run(async () => {
      const r = await api.invoke('auth:adminReset', { userId: target });
      setResult({ name: member?.label ?? '', token: r.token, expiresAt: r.expiresAt });
    });
  };

  return (
    <Card>
      <Title order={2} size="h4" mb={4}>
        {t('security:adminReset.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('security:adminReset.help')}
      </Text>
      <Stack>
        <Select
          label={t('security:adminReset.member')}
          data={members}
          value={target}
          onChange={setTarget}
          searchable
          nothingFoundMessage={t('settings:team.empty')}
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="light" color="red" disabled={!target} loading={busy} onClick={submit}>
            {t('security:adminReset.submit')}
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={result !== null}
        onClose={() => setResult(null)}
        title={t('security:adminReset.resultTitle')}
        closeOnClickOutside={false}
        size="lg"
      >
        {result ? (
          <Stack>
            <Text size="sm">
              {t('security:adminReset.result', { name: result.name, date: formatDateTime(result.expiresAt) })}
            </Text>
            <Code block fz="md" data-testid="reset-token">
              {result.token}
            </Code>
            <Group justify="space-between">
              <CopyButton value={result.token}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? t('security:adminReset.copied') : t('security:adminReset.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setResult(null)}>{t('security:adminReset.close')}</Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Card>
  );
}
