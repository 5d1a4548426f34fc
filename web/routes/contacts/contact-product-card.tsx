import { Card, DataList, Divider, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import type { ContactUsage } from '../../api/types.js';
import { api } from '../../api/client.js';
import { RelativeTime } from '../../components/relative-time.js';

/** A trait as one line: text as is, anything else as compact JSON, both cut to fit. */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/**
 * Who the contact is in the customer's product, from identify calls: only shown once the product
 * has identified them (the card would be noise on every other contact).
 */
export function ContactProductCard({ contactId }: { contactId: string }) {
  const usage = useQuery({ queryKey: ['usage', 'contact', contactId], queryFn: () => api.get<ContactUsage>(`/api/v1/contacts/${encodeURIComponent(contactId)}/usage`) });
  const users = usage.data?.users ?? [];
  if (users.length === 0) return null;
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={3} size="h5" mb="sm">
        In your product
      </Title>
      <Stack gap="sm">
        {users.map((u, i) => (
          <Fragment key={u.userId ?? i}>
            {i > 0 ? <Divider /> : null}
            <DataList size="sm" labelWidth={160}>
              <DataList.Item>
                <DataList.ItemLabel>User id</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Text span size="sm" ff="monospace">
                    {u.userId ?? '—'}
                  </Text>
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Last active</DataList.ItemLabel>
                <DataList.ItemValue>
                  <RelativeTime iso={u.lastSeenAt} />
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>First seen</DataList.ItemLabel>
                <DataList.ItemValue>
                  <RelativeTime iso={u.firstSeenAt} />
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Events, 30 days</DataList.ItemLabel>
                <DataList.ItemValue>{u.events30d.toLocaleString()}</DataList.ItemValue>
              </DataList.Item>
              {Object.entries(u.traits).map(([key, value]) => (
                <DataList.Item key={key}>
                  <DataList.ItemLabel>{key}</DataList.ItemLabel>
                  <DataList.ItemValue>{show(value)}</DataList.ItemValue>
                </DataList.Item>
              ))}
            </DataList>
          </Fragment>
        ))}
        <Text size="xs" c="dimmed">
          Traits as your product last sent them with identify, after Candor’s sensitive-data check.
        </Text>
      </Stack>
    </Card>
  );
}
