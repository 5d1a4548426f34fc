import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

/**
 * A contact's first cell in a table: the name that opens the contact, a warning when nobody may
 * reach out to them, and their job title under it.
 */
export function ContactNameCell({ contact }: { contact: { id: string; name: string; title: string | null; doNotContact: boolean } }) {
  return (
    <Table.Td>
      <Group gap={6}>
        <Anchor component={Link} to={`/contacts/${encodeURIComponent(contact.id)}`} size="sm" fw={600}>
          {contact.name}
        </Anchor>
        {contact.doNotContact ? (
          <Badge size="xs" color="red" variant="light">
            Do not contact
          </Badge>
        ) : null}
      </Group>
      {contact.title ? (
        <Text size="xs" c="dimmed">
          {contact.title}
        </Text>
      ) : null}
    </Table.Td>
  );
}
