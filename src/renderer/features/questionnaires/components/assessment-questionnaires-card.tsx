/**
 * On the bilan's page: its questionnaires at a glance (status of each, results when completed) and
 * the way to the full questionnaires screen of the bilan (assign, kiosk mode, results).
 */
import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryState } from '../../../components/states';
import { useApiQuery } from '../../../lib/query';
import { ASSIGNMENT_STATUS_COLOR } from './assessment-questionnaires-panel';

/** At most this many assignments are listed on the card; the full screen has them all. */
const SHOWN = 5;

export function AssessmentQuestionnairesCard({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const assignments = useApiQuery('questionnaires:assignments', { assessmentId });
  const to = `/questionnaires/assessment/${assessmentId}`;
  return (
    <Card data-testid="assessment-questionnaires">
      <Title order={2} size="h4" mb="sm">
        {t('questionnaires:card.title')}
      </Title>
      <QueryState query={assignments}>
        {(list) => {
          const live = list.filter((a) => a.status !== 'cancelled');
          const completed = live.filter((a) => a.status === 'completed').length;
          return (
            <Stack gap="xs">
              {live.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('questionnaires:assign.none')}
                </Text>
              ) : (
                <>
                  <Text size="sm" c="dimmed">
                    {t('questionnaires:card.summary', { total: live.length, completed })}
                  </Text>
                  {live.slice(0, SHOWN).map((a) => (
                    <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
                      {a.status === 'completed' && a.responseId ? (
                        <Anchor component={Link} to={`/questionnaires/results/${a.responseId}`} size="sm" truncate>
                          {a.title}
                        </Anchor>
                      ) : (
                        <Text size="sm" truncate>
                          {a.title}
                        </Text>
                      )}
                      <Badge size="sm" variant="light" color={ASSIGNMENT_STATUS_COLOR[a.status]}>
                        {t(`questionnaires:assignmentStatus.${a.status}`)}
                      </Badge>
                    </Group>
                  ))}
                  {live.length > SHOWN ? (
                    <Text size="xs" c="dimmed">
                      {t('questionnaires:card.more', { count: live.length - SHOWN })}
                    </Text>
                  ) : null}
                </>
              )}
              <Group justify="flex-end" mt="xs">
                <Button component={Link} to={to} variant="light" size="xs">
                  {live.length === 0 ? t('questionnaires:assign.form') : t('questionnaires:card.open')}
                </Button>
              </Group>
            </Stack>
          );
        }}
      </QueryState>
    </Card>
  );
}
