/**
 * The document model (headings, paragraphs, lists, tables, chart images, page breaks) shown as HTML,
 * for the template editor's preview — the same blocks the DOCX and PDF renderers write.
 */
import { Box, Divider, Image, List, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreviewBlock } from '../../../../shared/api/documents.api';

type Run = { text: string; bold?: boolean | undefined; italic?: boolean | undefined };

function Runs({ runs }: { runs: readonly Run[] }) {
  return (
    <>
      {runs.map((r, i) => {
        const pieces = r.text.split('\n');
        let node: ReactNode = pieces.flatMap((p, j) => (j === 0 ? [p] : [<br key={`br-${j}`} />, p]));
        if (r.bold) node = <strong>{node}</strong>;
        if (r.italic) node = <em>{node}</em>;
        // Missing required values are written "[variable]": highlighted for the author.
        const marker = /^\[[\w.-]+\]$/.test(r.text.trim());
        return (
          <span key={i} style={marker ? { background: 'var(--mantine-color-yellow-2)' } : undefined}>
            {node}
          </span>
        );
      })}
    </>
  );
}

const HEADING_ORDER = { 1: 2, 2: 3, 3: 4, 4: 5 } as const;

export function DocBlocksView({
  blocks,
  images,
}: {
  blocks: readonly PreviewBlock[];
  /** PNG base64 by image key. */
  images: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation();
  return (
    <Box data-testid="doc-preview" style={{ fontFamily: 'Arial, sans-serif' }}>
      {blocks.map((block, i) => {
        switch (block.type) {
          case 'heading':
            return (
              <Title
                key={i}
                order={HEADING_ORDER[block.level]}
                mt={block.level === 1 ? 'md' : 'sm'}
                mb={4}
                c={block.level === 1 ? 'jalon.9' : 'jalon.7'}
              >
                <Runs runs={block.runs} />
              </Title>
            );
          case 'paragraph':
            return (
              <Text key={i} size="sm" mb="xs">
                <Runs runs={block.runs} />
              </Text>
            );
          case 'list':
            return (
              <List key={i} type={block.ordered ? 'ordered' : 'unordered'} size="sm" mb="xs" withPadding>
                {block.items.map((item, j) => (
                  <List.Item key={j} style={{ marginLeft: item.level * 16 }}>
                    <Runs runs={item.runs} />
                  </List.Item>
                ))}
              </List>
            );
          case 'table':
            return (
              <Table key={i} withTableBorder withColumnBorders mb="sm" fz="xs">
                {block.header ? (
                  <Table.Thead>
                    <Table.Tr>
                      {block.header.map((cell, j) => (
                        <Table.Th key={j} style={{ textAlign: block.align?.[j] ?? 'left' }}>
                          <Runs runs={cell} />
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                ) : null}
                <Table.Tbody>
                  {block.rows.map((row, r) => (
                    <Table.Tr key={r}>
                      {row.map((cell, j) => (
                        <Table.Td key={j} style={{ textAlign: block.align?.[j] ?? 'left' }}>
                          <Runs runs={cell} />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            );
          case 'image': {
            const png = images[block.key];
            return png ? (
              <Image key={i} src={`data:image/png;base64,${png}`} alt={block.alt} maw={420} my="sm" />
            ) : (
              <Text key={i} size="xs" c="dimmed" fs="italic">
                {t('documents:editor.imageMissing', { alt: block.alt })}
              </Text>
            );
          }
          case 'page_break':
            return <Divider key={i} my="md" variant="dashed" label={t('documents:editor.pageBreak')} />;
          default:
            return null;
        }
      })}
    </Box>
  );
}
