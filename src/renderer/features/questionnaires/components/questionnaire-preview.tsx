/** The whole questionnaire as the beneficiary will see it, read-only (builder's "Aperçu"). */
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireDefinition } from '../../../../shared/domain/questionnaires/definition';
import { QuestionField } from './question-field';

export function QuestionnairePreview({ definition }: { definition: QuestionnaireDefinition }) {
  const { t } = useTranslation();
  let n = 0;
  return (
    <Stack gap="lg" data-testid="questionnaire-preview">
      <Text size="sm" c="dimmed">
        {t('questionnaires:builder.previewHint')}
      </Text>
      <div>
        <Title order={2} size="h3">
          {definition.title}
        </Title>
        {definition.instructions ? (
          <Text mt="xs" style={{ whiteSpace: 'pre-line' }}>
            {definition.instructions}
          </Text>
        ) : null}
      </div>
      {definition.sections.map((section) => (
        <Card key={section.key}>
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h4">
              {section.title}
            </Title>
            {section.isOptional ? <Badge variant="light">{t('questionnaires:answer.optional')}</Badge> : null}
          </Group>
          {section.description ? (
            <Text size="sm" c="dimmed" mb="md">
              {section.description}
            </Text>
          ) : null}
          <Stack gap="xl">
            {section.questions.map((q) => {
              n++;
              return (
                <Stack key={q.key} gap={6}>
                  <Text fw={600}>
                    {n}. {q.text}
                    {!q.isRequired || section.isOptional ? (
                      <Text span c="dimmed" fw={400} size="sm">
                        {' '}
                        ({t('questionnaires:answer.optional')})
                      </Text>
                    ) : null}
                  </Text>
                  {q.helpText ? (
                    <Text size="sm" c="dimmed">
                      {q.helpText}
                    </Text>
                  ) : null}
                  <QuestionField question={q} value={undefined} readOnly size="compact" />
                </Stack>
              );
            })}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
