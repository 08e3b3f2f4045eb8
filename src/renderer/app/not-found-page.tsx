import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../components/states';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState
      title={t('common:notFound.title')}
      action={
        <Button component={Link} to="/" variant="light">
          {t('common:notFound.back')}
        </Button>
      }
    >
      {t('common:notFound.text')}
    </EmptyState>
  );
}
