/**
 * The content of the document de synthèse that only the consultant can write (circumstances, skills,
 * project, steps, training…), as plain fields. Required ones are marked; lists are one item per line.
 */
import { Checkbox, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SynthesisForm } from '../lib/synthesis-form';

export function SynthesisFields({
  value,
  onChange,
  missing,
}: {
  value: SynthesisForm;
  onChange: (next: SynthesisForm) => void;
  /** Variable names reported missing by the server (their field is flagged). */
  missing: readonly string[];
}) {
  const { t } = useTranslation();
  const set = <K extends keyof SynthesisForm>(key: K, v: SynthesisForm[K]) => onChange({ ...value, [key]: v });
  const err = (name: string) => (missing.includes(`synthesis.${name}`) ? t('documents:dossier.required') : undefined);
  const area = (key: keyof SynthesisForm, name: string, required = false, rows = 3) => (
    <Textarea
      label={t(`documents:synthesis.${key}`)}
      description={i18nHelp(key)}
      withAsterisk={required}
      value={value[key] as string}
      onChange={(e) => set(key, e.currentTarget.value as never)}
      error={err(name)}
      autosize
      minRows={rows}
      maxRows={10}
    />
  );
  function i18nHelp(key: keyof SynthesisForm): string | undefined {
    if (key === 'skills') return t('documents:synthesis.skillsHelp');
    if (key === 'aptitudes') return t('documents:synthesis.aptitudesHelp');
    if (key === 'steps') return t('documents:synthesis.stepsHelp');
    return undefined;
  }
  return (
    <Stack gap="sm">
      {area('circumstances', 'circumstances', true)}
      <TextInput
        label={t('documents:synthesis.initialRequest')}
        value={value.initialRequest}
        onChange={(e) => set('initialRequest', e.currentTarget.value)}
      />
      {area('skills', 'skills', true, 4)}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {area('aptitudes', 'aptitudes', false, 3)}
        {area('motivations', 'motivations', false, 3)}
      </SimpleGrid>
      {area('questionnairesComment', 'questionnaires_comment', false, 2)}
      <TextInput
        label={t('documents:synthesis.projectTitle')}
        withAsterisk
        value={value.projectTitle}
        onChange={(e) => set('projectTitle', e.currentTarget.value)}
        error={err('project_title')}
      />
      {area('projectDescription', 'project_description', true, 4)}
      {area('alternativeProject', 'alternative_project', false, 2)}
      {area('steps', 'steps', true, 3)}
      <Checkbox
        label={t('documents:synthesis.trainingPlanned')}
        checked={value.trainingPlanned}
        onChange={(e) => set('trainingPlanned', e.currentTarget.checked)}
      />
      {value.trainingPlanned ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label={t('documents:synthesis.trainingTitle')}
            withAsterisk
            value={value.trainingTitle}
            onChange={(e) => set('trainingTitle', e.currentTarget.value)}
            error={err('training_title')}
          />
          <TextInput
            label={t('documents:synthesis.trainingOrganization')}
            value={value.trainingOrganization}
            onChange={(e) => set('trainingOrganization', e.currentTarget.value)}
          />
          <TextInput
            label={t('documents:synthesis.trainingDuration')}
            value={value.trainingDuration}
            onChange={(e) => set('trainingDuration', e.currentTarget.value)}
          />
          <TextInput
            label={t('documents:synthesis.trainingFunding')}
            value={value.trainingFunding}
            onChange={(e) => set('trainingFunding', e.currentTarget.value)}
          />
        </SimpleGrid>
      ) : null}
      {area('beneficiaryComments', 'beneficiary_comments', false, 2)}
    </Stack>
  );
}
