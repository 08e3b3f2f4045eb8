/**
 * Kiosk mode, on the consultant's laptop handed to the beneficiary: full screen, ONE QUESTION AT A
 * TIME (with its section as context), a progress bar, large controls. Every answer is saved as soon
 * as it is given (choices at once, text after a short pause) through `kiosk:answer`, so an
 * interruption loses nothing and reopening resumes at the first unanswered question. "Suivant"
 * checks the answer (French message per type); "Terminer" checks the whole response, after which
 * the scores are computed in main. Leaving needs the consultant's password (`kiosk:exit`) — main
 * refuses every other channel meanwhile, whatever this screen does.
 */
import {
  Alert,
  Box,
  Button,
  Center,
  Container,
  Group,
  Modal,
  PasswordInput,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { KioskState } from '../../../../shared/api/questionnaires.api';
import { isAnswered, validateAnswer, type AnswerValue } from '../../../../shared/domain/questionnaires/answers';
import { listQuestions } from '../../../../shared/domain/questionnaires/definition';
import { LoadingState } from '../../../components/states';
import { api, isApiError } from '../../../lib/api';
import { apiKey, useApiQuery } from '../../../lib/query';
import { answerProblemMessage, questionnaireErrorMessage } from '../lib/messages';
import { QuestionField } from './question-field';

const TEXT_SAVE_DELAY_MS = 600;

type Screen = { kind: 'intro' } | { kind: 'question'; index: number } | { kind: 'review' } | { kind: 'done' };
type SaveState = 'idle' | 'saving' | 'saved' | 'error';

function useFullscreen(): { active: boolean; enter: () => void } {
  const [active, setActive] = useState(() => typeof document !== 'undefined' && document.fullscreenElement !== null);
  useEffect(() => {
    const on = () => setActive(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);
  const enter = useCallback(() => {
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, []);
  return { active, enter };
}

function ExitDialog({ opened, onClose, state }: { opened: boolean; onClose: () => void; state: KioskState }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('kiosk:exit', { password });
      if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
      // A refetch still in flight would bring back the old "active" state: drop it first.
      await client.cancelQueries({ queryKey: apiKey('kiosk:state', {}) });
      client.setQueryData(apiKey('kiosk:state', {}), { active: false });
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('questionnaires:') });
      void navigate(
        r.completed ? `/questionnaires/results/${r.responseId}` : `/questionnaires/assessment/${state.assessmentId}`,
        {
          replace: true,
        },
      );
    } catch (e) {
      setPassword('');
      if (isApiError(e) && e.rule === 'invalid_password') setError(t('questionnaires:kiosk.wrongPassword'));
      else if (isApiError(e) && e.rule === 'kiosk_exit_locked') {
        setError(t('questionnaires:kiosk.exitLocked', { seconds: Number(e.details?.retryAfterSeconds ?? 60) }));
      } else setError(questionnaireErrorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('questionnaires:kiosk.exitTitle')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{t('questionnaires:kiosk.exitText')}</Text>
          <PasswordInput
            label={t('questionnaires:kiosk.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={error}
            autoComplete="current-password"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:action.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={password === ''}>
              {t('questionnaires:kiosk.exitConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Kiosk({ state }: { state: KioskState }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fullscreen = useFullscreen();
  const entries = useMemo(() => listQuestions(state.definition), [state.definition]);
  const total = entries.length;
  const [answers, setAnswers] = useState<Record<string, AnswerValue | null>>(() => ({ ...state.answers }));
  const [answeredCount, setAnsweredCount] = useState(state.answeredCount);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [finishing, setFinishing] = useState(false);
  const [finishError, setFinishError] = useState<string | null>(null);
  const [exiting, setExiting] = useState(false);
  const [screen, setScreen] = useState<Screen>(() =>
    state.status === 'completed'
      ? { kind: 'done' }
      : state.resumeIndex >= total && total > 0
        ? { kind: 'review' }
        : { kind: 'intro' },
  );
  const chain = useRef<Promise<void>>(Promise.resolve());
  const pendingText = useRef(new Map<string, { timer: ReturnType<typeof setTimeout>; value: AnswerValue | null }>());

  const save = useCallback(
    (key: string, value: AnswerValue | null): Promise<void> => {
      const run = async () => {
        setSaveState('saving');
        try {
          const r = await api.invoke('kiosk:answer', { questionKey: key, value: value as never });
          setAnsweredCount(r.answeredCount);
          setSaveState('saved');
        } catch (e) {
          setSaveState('error');
          setErrors((prev) => ({ ...prev, [key]: questionnaireErrorMessage(t, e) }));
        }
      };
      chain.current = chain.current.then(run);
      return chain.current;
    },
    [t],
  );

  /** Sends the text answers still waiting for their pause, then waits for every save. */
  const flush = useCallback(async () => {
    for (const [key, p] of pendingText.current) {
      clearTimeout(p.timer);
      void save(key, p.value);
    }
    pendingText.current.clear();
    await chain.current;
  }, [save]);

  useEffect(
    () => () => {
      for (const [key, p] of pendingText.current) {
        clearTimeout(p.timer);
        void save(key, p.value);
      }
    },
    [save],
  );

  const change = (key: string, type: string, value: AnswerValue | null) => {
    setAnswers((a) => ({ ...a, [key]: value }));
    setErrors((e) => {
      if (!(key in e)) return e;
      const { [key]: _gone, ...rest } = e;
      return rest;
    });
    if (type === 'text') {
      const prev = pendingText.current.get(key);
      if (prev) clearTimeout(prev.timer);
      const timer = setTimeout(() => {
        pendingText.current.delete(key);
        void save(key, value);
      }, TEXT_SAVE_DELAY_MS);
      pendingText.current.set(key, { timer, value });
      setSaveState('saving');
    } else {
      void save(key, value);
    }
  };

  const go = async (index: number) => {
    await flush();
    setFinishError(null);
    if (index >= total) setScreen({ kind: 'review' });
    else setScreen({ kind: 'question', index: Math.max(0, index) });
  };

  const next = async (index: number) => {
    const { question, section } = entries[index]!;
    const problem = validateAnswer(question, answers[question.key], {
      enforceRequired: question.isRequired && !section.isOptional,
    });
    if (problem) {
      setErrors((e) => ({ ...e, [question.key]: answerProblemMessage(t, problem) }));
      return;
    }
    await go(index + 1);
  };

  const finish = async () => {
    setFinishing(true);
    setFinishError(null);
    try {
      await flush();
      const done = await api.invoke('kiosk:finish', {});
      client.setQueryData(apiKey('kiosk:state', {}), done);
      setScreen({ kind: 'done' });
    } catch (e) {
      const field = isApiError(e) ? (e.field ?? '') : '';
      const key = field.startsWith('answers.') ? field.slice('answers.'.length) : null;
      const index = key === null ? -1 : entries.findIndex((x) => x.question.key === key);
      if (index >= 0) {
        setErrors((prev) => ({ ...prev, [key!]: questionnaireErrorMessage(t, e) }));
        setScreen({ kind: 'question', index });
      } else setFinishError(questionnaireErrorMessage(t, e));
    } finally {
      setFinishing(false);
    }
  };

  const missingRequired = entries.filter(
    ({ question, section }) =>
      question.isRequired && !section.isOptional && !isAnswered(question, answers[question.key]),
  ).length;
  const percent = total === 0 ? 0 : Math.round((answeredCount * 100) / total);
  const current = screen.kind === 'question' ? entries[screen.index] : undefined;

  return (
    <Box mih="100vh" bg="gray.0" data-testid="kiosk" style={{ display: 'flex', flexDirection: 'column' }}>
      <Box bg="white" px="lg" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('questionnaires:kiosk.title')}
            </Text>
            <Title order={1} size="h3" lineClamp={1}>
              {state.definition.title}
            </Title>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            {!fullscreen.active && document.fullscreenEnabled ? (
              <Button variant="default" size="sm" onClick={fullscreen.enter}>
                {t('questionnaires:kiosk.fullscreen')}
              </Button>
            ) : null}
            <Button variant="subtle" size="sm" color="gray" onClick={() => setExiting(true)}>
              {t('questionnaires:kiosk.exit')}
            </Button>
          </Group>
        </Group>
        <Stack gap={4} mt="xs">
          <Progress
            value={percent}
            size="lg"
            radius="xl"
            aria-label={t('questionnaires:kiosk.progressLabel')}
            data-testid="kiosk-progress"
            data-answered={answeredCount}
            data-total={total}
          />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {screen.kind === 'question'
                ? t('questionnaires:kiosk.progress', { current: screen.index + 1, total })
                : ''}
            </Text>
            <Text
              size="sm"
              c={saveState === 'error' ? 'red.8' : 'dimmed'}
              aria-live="polite"
              data-testid="kiosk-save-state"
              data-state={saveState}
            >
              {saveState === 'saving'
                ? t('questionnaires:kiosk.saving')
                : saveState === 'saved'
                  ? t('questionnaires:kiosk.saved')
                  : saveState === 'error'
                    ? t('questionnaires:kiosk.saveError')
                    : t('questionnaires:kiosk.answered', { answered: answeredCount, total })}
            </Text>
          </Group>
        </Stack>
      </Box>

      <Container size={880} w="100%" py="xl" style={{ flex: 1 }}>
        {screen.kind === 'intro' ? (
          <Paper p="xl" withBorder>
            <Stack gap="lg">
              <Title order={2}>
                {t('questionnaires:kiosk.welcome', { name: state.beneficiaryName.split(' ')[0] })}
              </Title>
              {state.definition.instructions ? (
                <Text size="lg" style={{ whiteSpace: 'pre-line' }}>
                  {state.definition.instructions}
                </Text>
              ) : null}
              {state.definition.estimatedTimeMinutes ? (
                <Text c="dimmed">
                  {t('questionnaires:kiosk.estimated', { minutes: state.definition.estimatedTimeMinutes })}
                </Text>
              ) : null}
              {answeredCount > 0 ? (
                <Alert color="blue">{t('questionnaires:kiosk.resumeHint', { answered: answeredCount, total })}</Alert>
              ) : null}
              <Group justify="flex-end">
                <Button size="xl" onClick={() => void go(answeredCount > 0 ? state.resumeIndex : 0)}>
                  {answeredCount > 0 ? t('questionnaires:kiosk.resume') : t('questionnaires:kiosk.start')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        ) : null}

        {current && screen.kind === 'question' ? (
          <Paper
            p="xl"
            withBorder
            data-testid="kiosk-question"
            data-question-key={current.question.key}
            data-index={screen.index}
          >
            <Stack gap="lg">
              <div>
                <Text size="sm" c="jalon.8" fw={600} tt="uppercase">
                  {t('questionnaires:kiosk.section', { title: current.section.title })}
                </Text>
                {current.questionIndex === 0 && current.section.description ? (
                  <Text c="dimmed" mt={4}>
                    {current.section.description}
                  </Text>
                ) : null}
              </div>
              <Stack gap={6}>
                <Title order={2} size="h2" fw={600} id="kiosk-question-text">
                  {current.question.text}
                </Title>
                {!current.question.isRequired || current.section.isOptional ? (
                  <Text c="dimmed">{t('questionnaires:answer.optional')}</Text>
                ) : null}
                {current.question.helpText ? <Text c="dimmed">{current.question.helpText}</Text> : null}
              </Stack>
              <QuestionField
                key={current.question.key}
                question={current.question}
                value={answers[current.question.key]}
                onChange={(v) => change(current.question.key, current.question.type, v)}
                size="kiosk"
                error={errors[current.question.key] ?? null}
              />
              <Group justify="space-between" mt="md">
                <Button
                  size="xl"
                  variant="default"
                  onClick={() => void go(screen.index - 1)}
                  disabled={screen.index === 0}
                >
                  {t('questionnaires:kiosk.previous')}
                </Button>
                <Button size="xl" onClick={() => void next(screen.index)}>
                  {screen.index === total - 1 ? t('questionnaires:kiosk.review') : t('questionnaires:kiosk.next')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        ) : null}

        {screen.kind === 'review' ? (
          <Paper p="xl" withBorder data-testid="kiosk-review">
            <Stack gap="lg">
              <Title order={2}>{t('questionnaires:kiosk.reviewTitle')}</Title>
              <Text size="lg">{t('questionnaires:kiosk.reviewText')}</Text>
              {missingRequired > 0 ? (
                <Alert color="orange">{t('questionnaires:kiosk.reviewMissing', { count: missingRequired })}</Alert>
              ) : null}
              {finishError ? (
                <Alert color="red" role="alert">
                  {finishError}
                </Alert>
              ) : null}
              <Group justify="space-between">
                <Button size="xl" variant="default" onClick={() => void go(total - 1)}>
                  {t('questionnaires:kiosk.previous')}
                </Button>
                <Button size="xl" onClick={() => void finish()} loading={finishing}>
                  {t('questionnaires:kiosk.finish')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        ) : null}

        {screen.kind === 'done' ? (
          <Paper p="xl" withBorder data-testid="kiosk-done">
            <Stack gap="lg" align="center" py="xl">
              <Title order={2} size="h1">
                {t('questionnaires:kiosk.thanksTitle')}
              </Title>
              <Text size="xl" ta="center">
                {t('questionnaires:kiosk.thanksText')}
              </Text>
              <Button size="lg" variant="default" onClick={() => setExiting(true)}>
                {t('questionnaires:kiosk.exit')}
              </Button>
            </Stack>
          </Paper>
        ) : null}
      </Container>
      <ExitDialog opened={exiting} onClose={() => setExiting(false)} state={state} />
    </Box>
  );
}

/** Route /kiosk (outside the app's shell: no menu, no search, no header). */
export function KioskPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const status = useApiQuery('kiosk:state', {}, { staleTime: 0, refetchOnMount: 'always' });
  if (status.isPending) {
    return (
      <Center h="100vh">
        <LoadingState />
      </Center>
    );
  }
  const data = status.data;
  if (!data || !data.active) {
    return (
      <Center h="100vh">
        <Stack align="center">
          <Text>{t('questionnaires:kiosk.inactive')}</Text>
          <Button onClick={() => void navigate('/questionnaires', { replace: true })}>
            {t('questionnaires:kiosk.backToList')}
          </Button>
        </Stack>
      </Center>
    );
  }
  // Keyed by response: a new kiosk session starts from its own state.
  return <Kiosk key={data.responseId} state={data} />;
}
