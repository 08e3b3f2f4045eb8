/** The first cell of a document row: a lock when confidential, the name, and a line of details. */
import { Group, Table, Text, Tooltip } from '@mantine/core';
import { IconLock } from '../../../components/icons';

export function DocumentTitleCell(props: {
  readonly name: string;
  /** The confidentiality label (tooltip and accessible name), or null when not confidential. */
  readonly confidential: string | null;
  readonly details: string;
}) {
  return (
    <Table.Td>
      <Group gap={6} wrap="nowrap">
        {props.confidential !== null ? (
          <Tooltip label={props.confidential}>
            <span aria-label={props.confidential} style={{ display: 'inline-flex' }}>
              <IconLock size={15} />
            </span>
          </Tooltip>
        ) : null}
        <div>
          <Text size="sm" fw={600}>
            {props.name}
          </Text>
          <Text size="xs" c="dimmed">
            {props.details}
          </Text>
        </div>
      </Group>
    </Table.Td>
  );
}
