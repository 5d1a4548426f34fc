import { Alert, Anchor, Badge, Box, Card, DataList, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEye, IconLink } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { OutboxMessage } from '../../api/types.js';
import { CopyTextButton } from '../../components/copy-value.js';
import { findUrls, LinkifiedText } from '../../components/linkified-text.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { STATUS_BADGES, TEMPLATE_LABELS } from './outbox-labels.js';

/** One message. Only the text body is shown: the HTML body is never put into the page. */
export function OutboxMessagePage() {
  const { id = '' } = useParams();
  usePageTitle('Outbox message');
  const message = useQuery({
    queryKey: keys.outboxMessage(id),
    queryFn: () => api.get<OutboxMessage>(`/api/v1/outbox/${encodeURIComponent(id)}`),
    // Each read is written to the audit log; do not read again behind the admin's back.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/settings/outbox" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={16} /> Outbox
        </Group>
      </Anchor>
      <QueryState query={message} loadingLabel="Opening the message…">
        {(m) => <MessageView message={m} />}
      </QueryState>
    </Stack>
  );
}

function MessageView({ message }: { message: OutboxMessage }) {
  const links = message.text ? findUrls(message.text) : [];
  const status = STATUS_BADGES[message.status];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{message.subject}</Title>
        <Badge color={status.color} variant="light" size="lg">
          {status.label}
        </Badge>
      </Group>
      <Card withBorder radius="md" padding="lg">
        <DataList orientation="horizontal" labelWidth={110}>
          <DataList.Item>
            <DataList.ItemLabel>To</DataList.ItemLabel>
            <DataList.ItemValue>{message.to}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Kind</DataList.ItemLabel>
            <DataList.ItemValue>{TEMPLATE_LABELS[message.template] ?? message.template}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Created</DataList.ItemLabel>
            <DataList.ItemValue>
              <RelativeTime iso={message.createdAt} />
            </DataList.ItemValue>
          </DataList.Item>
          {message.sentAt ? (
            <DataList.Item>
              <DataList.ItemLabel>Sent</DataList.ItemLabel>
              <DataList.ItemValue>
                <RelativeTime iso={message.sentAt} />
              </DataList.ItemValue>
            </DataList.Item>
          ) : null}
          <DataList.Item>
            <DataList.ItemLabel>Deleted</DataList.ItemLabel>
            <DataList.ItemValue>
              <RelativeTime iso={message.expiresAt} />
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Card>

      {message.status === 'outbox' && links.length > 0 ? (
        <Alert color="blue" variant="light" icon={<IconLink size={18} />} title={`Pass this on to ${message.to}`}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">Send the link below through a channel you trust (chat, a call). Anyone who has it can use it, once.</Text>
            <Group gap="xs">
              {links.slice(0, 1).map((url) => (
                <CopyTextButton key={url} value={url} label="Copy link" />
              ))}
            </Group>
          </Stack>
        </Alert>
      ) : null}

      <Card withBorder radius="md" padding={0}>
        <Box px="lg" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Text size="sm" fw={600}>
            Message
          </Text>
        </Box>
        <Box
          component="pre"
          m={0}
          p="lg"
          data-testid="outbox-message-text"
          style={{ fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13, lineHeight: 1.6, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
        >
          {message.text ? <LinkifiedText text={message.text} /> : <Text c="dimmed">This message has no text version.</Text>}
        </Box>
      </Card>
      <Group gap={6}>
        <IconEye size={14} color="var(--mantine-color-dimmed)" />
        <Text size="xs" c="dimmed">
          Opening a message is recorded in the audit log, because its links can sign people in.
        </Text>
      </Group>
    </Stack>
  );
}
