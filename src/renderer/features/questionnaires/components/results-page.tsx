/**
 * Results of one response: a radar (or bar) chart of the normalised score per category, the top
 * categories, the table of scores with their level, the interpretation texts; recomputation on
 * demand; comparison with another completed response to the same questionnaire (start vs end of the
 * bilan), with the deltas.
 */
import { BarChart, RadarChart } from '@mantine/charts';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { ResponseComparison, ResponseResults } from '../../../../shared/api/questionnaires.api';
import { QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiQuery } from '../../../lib/query';
import { notifyQuestionnaireError } from '../lib/messages';

const percentFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** Hundredths of a percent → "72,7 %". */
export function formatNormalized(hundredths: number): string {
  return `${percentFormat.format(hundredths / 100)}\u00a0%`;
}

function formatDelta(value: number | null, hundredths = false): string {
  if (value === null) return '—';
  const text = hundredths ? formatNormalized(Math.abs(value)) : String(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : hundredths ? formatNormalized(0) : '0';
}

/** Splits a category name into lines of about `width` characters (whole words). */
export function wrapLabel(text: string, width = 16): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function tickText(payload: AngleTickProps['payload']): string {
  const v = payload?.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

interface AngleTickProps {
  x?: number | string;
  y?: number | string;
  cy?: number;
  textAnchor?: string;
  payload?: { value?: unknown };
}

/** Radar axis label on several lines, pushed away from the centre so that it is never cut. */
function AngleTick({ x = 0, y = 0, cy = 0, textAnchor = 'middle', payload }: AngleTickProps) {
  const lines = wrapLabel(tickText(payload));
  const lineHeight = 14;
  const top = Number(y) < cy - 2;
  const bottom = Number(y) > cy + 2;
  const start = top
    ? -(lines.length - 1) * lineHeight - 4
    : bottom
      ? lineHeight
      : -((lines.length - 1) * lineHeight) / 2 + 4;
  return (
    <text
      x={Number(x)}
      y={Number(y)}
      textAnchor={textAnchor as 'start' | 'middle' | 'end'}
      fontSize={12}
      fill="var(--mantine-color-dark-5)"
    >
      {lines.map((l, i) => (
        <tspan key={i} x={Number(x)} dy={i === 0 ? start : lineHeight}>
          {l}
        </tspan>
      ))}
    </text>
  );
}

/** Bar chart category label, on several lines under its bar (every label shown). */
function BarTick({ x = 0, y = 0, payload }: AngleTickProps) {
  const lines = wrapLabel(tickText(payload), 14);
  return (
    <text x={Number(x)} y={Number(y)} textAnchor="middle" fontSize={11} fill="var(--mantine-color-dark-5)">
      {lines.map((l, i) => (
        <tspan key={i} x={Number(x)} dy={i === 0 ? 12 : 13}>
          {l}
        </tspan>
      ))}
    </text>
  );
}

const BAR_X_AXIS = { interval: 0, height: 56, tick: (props: AngleTickProps) => <BarTick {...props} /> } as const;

function ScoresChart({ results }: { results: ResponseResults }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'radar' | 'bars'>(results.categories.length >= 3 ? 'radar' : 'bars');
  const data = results.categories.map((c) => ({ category: c.name, score: Math.round(c.normalizedScore) / 100 }));
  return (
    <Card data-testid="results-chart">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('questionnaires:results.chart')}
        </Title>
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={(v) => setKind(v as 'radar' | 'bars')}
          data={[
            { value: 'radar', label: t('questionnaires:results.chartRadar') },
            { value: 'bars', label: t('questionnaires:results.chartBars') },
          ]}
        />
      </Group>
      {kind === 'radar' ? (
        <RadarChart
          h={380}
          data={data}
          dataKey="category"
          series={[{ name: 'score', label: t('questionnaires:results.scoreAxis'), color: 'jalon.7', opacity: 0.35 }]}
          radarChartProps={{ outerRadius: '72%', margin: { top: 16, right: 40, bottom: 16, left: 40 } }}
          polarAngleAxisProps={{ tick: (props: AngleTickProps) => <AngleTick {...props} /> }}
          withPolarRadiusAxis
          // A fixed 0–100 % scale (rings every 25 %), without numbers over the shape: they are in the table.
          polarRadiusAxisProps={{ domain: [0, 100], tickCount: 5, tick: false, axisLine: false }}
          withDots
          withTooltip
        />
      ) : (
        <BarChart
          h={320}
          data={data}
          dataKey="category"
          series={[{ name: 'score', label: t('questionnaires:results.scoreAxis'), color: 'jalon.7' }]}
          yAxisProps={{ domain: [0, 100] }}
          xAxisProps={BAR_X_AXIS}
          withTooltip
        />
      )}
    </Card>
  );
}

function Comparison({ comparison }: { comparison: ResponseComparison }) {
  const { t } = useTranslation();
  const before = formatDate(comparison.before.completedAt);
  const after = formatDate(comparison.after.completedAt);
  const data = comparison.rows.map((r) => ({
    category: r.name,
    avant: (r.before?.normalizedScore ?? 0) / 100,
    apres: (r.after?.normalizedScore ?? 0) / 100,
  }));
  return (
    <Card data-testid="results-comparison">
      <Title order={2} size="h4" mb="sm">
        {t('questionnaires:results.compareTitle', { before, after })}
      </Title>
      <BarChart
        h={320}
        data={data}
        dataKey="category"
        series={[
          { name: 'avant', label: `${t('questionnaires:results.colBefore')} (${before})`, color: 'gray.5' },
          { name: 'apres', label: `${t('questionnaires:results.colAfter')} (${after})`, color: 'jalon.7' },
        ]}
        yAxisProps={{ domain: [0, 100] }}
        xAxisProps={BAR_X_AXIS}
        withLegend
        withTooltip
        mb="md"
      />
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('questionnaires:results.colCategory')}</Table.Th>
            <Table.Th ta="right">{t('questionnaires:results.colBefore')}</Table.Th>
            <Table.Th ta="right">{t('questionnaires:results.colAfter')}</Table.Th>
            <Table.Th ta="right">{t('questionnaires:results.colDelta')}</Table.Th>
            <Table.Th>{t('questionnaires:results.colLabel')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {comparison.rows.map((r) => (
            <Table.Tr key={r.code} data-testid={`delta-row-${r.code}`}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {r.before ? `${r.before.rawScore} (${formatNormalized(r.before.normalizedScore)})` : '—'}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {r.after ? `${r.after.rawScore} (${formatNormalized(r.after.normalizedScore)})` : '—'}
              </Table.Td>
              <Table.Td
                ta="right"
                fw={600}
                style={{ whiteSpace: 'nowrap' }}
                c={r.rawDelta && r.rawDelta > 0 ? 'jalon.8' : r.rawDelta && r.rawDelta < 0 ? 'red.8' : undefined}
              >
                {formatDelta(r.rawDelta)} ({formatDelta(r.normalizedDelta, true)})
              </Table.Td>
              <Table.Td>
                {r.before?.label ?? '—'} → {r.after?.label ?? '—'}
                {r.interpretationChanged ? (
                  <Badge ml="xs" size="xs" color="orange">
                    {t('questionnaires:results.changed')}
                  </Badge>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Results({ results }: { results: ResponseResults }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const compareWith = params.get('compare');
  // The earlier response is "before", whichever of the two is shown.
  const other = results.comparable.find((c) => c.responseId === compareWith);
  const otherIsLater = other !== undefined && results.completedAt !== null && other.completedAt > results.completedAt;
  const comparison = useApiQuery(
    'questionnaires:compare',
    otherIsLater
      ? { beforeResponseId: results.responseId, afterResponseId: compareWith ?? results.responseId }
      : { beforeResponseId: compareWith ?? results.responseId, afterResponseId: results.responseId },
    { enabled: other !== undefined },
  );
  const [recomputing, setRecomputing] = useState(false);
  const byCode = new Map(results.categories.map((c) => [c.code, c]));

  const recompute = async () => {
    setRecomputing(true);
    try {
      const next = await api.invoke('questionnaires:recompute', { responseId: results.responseId });
      client.setQueryData(apiKey('questionnaires:results', { responseId: results.responseId }), next);
      notifySuccess(t('questionnaires:results.recomputed'));
    } catch (error) {
      notifyQuestionnaireError(t, error);
    } finally {
      setRecomputing(false);
    }
  };

  return (
    <Stack gap="lg" data-testid="results-page" data-code={results.code}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Anchor component={Link} to={`/questionnaires/assessment/${results.assessmentId}`} size="sm">
            {t('questionnaires:results.backToAssessment')}
          </Anchor>
          <Title order={1} size="h2">
            {t('questionnaires:results.title', { title: results.title })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('questionnaires:results.subtitle', {
              name: results.beneficiaryName,
              date: formatDate(results.completedAt),
              version: results.version,
            })}
            {results.timeSpentSeconds !== null
              ? ` · ${t('questionnaires:results.timeSpent', { minutes: Math.max(1, Math.round(results.timeSpentSeconds / 60)) })}`
              : ''}
          </Text>
        </Stack>
        <Button variant="default" onClick={() => void recompute()} loading={recomputing}>
          {t('questionnaires:results.recompute')}
        </Button>
      </Group>

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <ScoresChart results={results} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card h="100%" data-testid="results-top">
            <Title order={2} size="h4" mb="sm">
              {t('questionnaires:results.top')}
            </Title>
            <Stack gap="md">
              {results.top.map((code, i) => {
                const c = byCode.get(code);
                if (!c) return null;
                return (
                  <Stack key={code} gap={4}>
                    <Group justify="space-between" wrap="nowrap" align="baseline">
                      <Text fw={600}>
                        {i + 1}. {c.name}
                      </Text>
                      <Text fw={600} c="jalon.8">
                        {formatNormalized(c.normalizedScore)}
                      </Text>
                    </Group>
                    <Progress value={c.normalizedScore / 100} size="sm" aria-hidden="true" />
                    {c.label ? (
                      <Text size="sm" c="dimmed">
                        {c.label}
                      </Text>
                    ) : null}
                  </Stack>
                );
              })}
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>

      <Card p={0}>
        <Title order={2} size="h4" p="md" pb={0}>
          {t('questionnaires:results.table')}
        </Title>
        <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="results-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('questionnaires:results.colCategory')}</Table.Th>
              <Table.Th ta="right">{t('questionnaires:results.colRaw')}</Table.Th>
              <Table.Th ta="right">{t('questionnaires:results.colRange')}</Table.Th>
              <Table.Th ta="right">{t('questionnaires:results.colNormalized')}</Table.Th>
              <Table.Th>{t('questionnaires:results.colLabel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.categories.map((c) => (
              <Table.Tr
                key={c.code}
                data-testid={`score-row-${c.code}`}
                data-raw={c.rawScore}
                data-normalized={c.normalizedScore}
              >
                <Table.Td fw={600}>{c.name}</Table.Td>
                <Table.Td ta="right" data-testid="score-raw">
                  {c.rawScore}
                </Table.Td>
                <Table.Td ta="right" c="dimmed">
                  {c.minScore}–{c.maxScore}
                </Table.Td>
                <Table.Td ta="right" data-testid="score-normalized">
                  {formatNormalized(c.normalizedScore)}
                </Table.Td>
                <Table.Td data-testid="score-label">
                  {c.label ? <Badge variant="light">{c.label}</Badge> : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <Card>
        <Title order={2} size="h4" mb="sm">
          {t('questionnaires:results.interpretations')}
        </Title>
        <Stack gap="md">
          {results.categories.map((c) => (
            <div key={c.code} data-testid={`interpretation-${c.code}`}>
              <Group gap="xs">
                <Text fw={600}>{c.name}</Text>
                {c.label ? <Badge variant="light">{c.label}</Badge> : null}
              </Group>
              <Text size="sm" mt={4}>
                {c.interpretation ?? t('questionnaires:results.noInterpretation')}
              </Text>
            </div>
          ))}
        </Stack>
      </Card>

      <Card>
        <Title order={2} size="h4" mb="sm">
          {t('questionnaires:results.compare')}
        </Title>
        {results.comparable.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('questionnaires:results.compareNone')}
          </Text>
        ) : (
          <Select
            maw={420}
            data={results.comparable.map((c) => ({
              value: c.responseId,
              label: t('questionnaires:results.comparePlaceholder', {
                date: formatDate(c.completedAt),
                version: c.version,
              }),
            }))}
            value={compareWith}
            onChange={(v) => setParams(v ? { compare: v } : {}, { replace: true })}
            clearable
            aria-label={t('questionnaires:results.compare')}
          />
        )}
      </Card>
      {other ? <QueryState query={comparison}>{(c) => <Comparison comparison={c} />}</QueryState> : null}
    </Stack>
  );
}

/** Route /questionnaires/results/:responseId */
export function ResultsPage() {
  const { responseId = '' } = useParams();
  const query = useApiQuery('questionnaires:results', { responseId });
  return <QueryState query={query}>{(r) => <Results results={r} />}</QueryState>;
}
