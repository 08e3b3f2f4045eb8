/** The consultant whose planning is shown: managers choose; a consultant sees their own. */
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session';
import { useApiQuery } from '../../../lib/query';

export function useConsultants() {
  const { isManager, user } = useSession();
  const staff = useApiQuery('users:listStaff', {}, { enabled: isManager });
  const list = isManager
    ? (staff.data ?? []).filter((u) => u.roles.includes('consultant') && u.status === 'active')
    : [{ id: user.id, firstName: user.firstName, lastName: user.lastName }];
  return { consultants: list, isPending: isManager && staff.isPending };
}

export function ConsultantPicker({
  value,
  onChange,
  allowAll = false,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  allowAll?: boolean;
}) {
  const { t } = useTranslation();
  const { isManager } = useSession();
  const { consultants } = useConsultants();
  if (!isManager) return null;
  return (
    <Select
      aria-label={t('planning:consultant.label')}
      placeholder={allowAll ? t('planning:consultant.all') : t('planning:consultant.choose')}
      data={consultants.map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}` }))}
      value={value}
      onChange={onChange}
      clearable={allowAll}
      searchable
      w={260}
    />
  );
}
