import { Anchor, Badge, Code, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { CookieDeclaration, StoredItem } from '../../api/types.js';
import { AuthLayout } from '../../components/auth-layout.js';
import { QueryState } from '../../components/query-state.js';
import { ScrollTable } from '../../components/table-card.js';

const CATEGORY: Record<StoredItem['category'], { label: string; color: string }> = {
  essential: { label: 'Essential', color: 'gray' },
  functional: { label: 'Functional', color: 'blue' },
  marketing: { label: 'Marketing', color: 'orange' },
};

/**
 * The cookie declaration (P16), public: for a security reviewer before anyone has an account, and
 * for a customer writing their own cookie policy, who needs the tag's keys in the same detail.
 * Rendered from `/api/v1/cookies`, the list the tests hold Candor to.
 */
export function CookiesPage() {
  const declaration = useQuery({ queryKey: keys.cookieDeclaration, queryFn: () => api.get<CookieDeclaration>('/api/v1/cookies') });
  return (
    <AuthLayout
      title="Cookies and browser storage"
      width={960}
      description="Everything Candor keeps in a browser: the cookies of this app, and what its tracking tag and consent banner keep on your site. Nothing is used for marketing and nothing is shared with a third party."
    >
      <QueryState query={declaration} loadingLabel="Loading the declaration…">
        {(data) => (
          <Stack gap="xl">
            <Part
              id="app-cookies"
              title="This app"
              intro="Candor sets essential cookies only, so it never asks for consent: they keep you signed in, and each holds a random token, never your name, email or an id."
              items={data.app}
            />
            <Part
              id="tag-storage"
              title="The tracking tag on your site"
              intro="The tag sets no cookies. It keeps these keys in your site’s own localStorage; the ids only after the visitor allows product analytics, and all of them are removed when the visitor withdraws. List them in your site’s cookie policy."
              items={data.tag}
            />
            <Text size="xs" c="dimmed">
              The same list, as JSON for your own tools: <Anchor href="/api/v1/cookies">/api/v1/cookies</Anchor>.
            </Text>
          </Stack>
        )}
      </QueryState>
    </AuthLayout>
  );
}

function Part({ id, title, intro, items }: { id: string; title: string; intro: string; items: readonly StoredItem[] }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {intro}
      </Text>
      <ScrollTable
        minWidth={820}
        verticalSpacing="sm"
        columns={
          <>
            <Table.Th>Name</Table.Th>
            <Table.Th w={130}>Category</Table.Th>
            <Table.Th>Purpose</Table.Th>
            <Table.Th>Lifetime</Table.Th>
            <Table.Th>Set</Table.Th>
          </>
        }
      >
        {items.map((item) => (
          <Table.Tr key={item.name} style={{ verticalAlign: 'top' }}>
            <Table.Td>
              <Code style={{ whiteSpace: 'nowrap' }}>{item.name}</Code>
              <Text size="xs" c="dimmed" mt={4}>
                {item.kind === 'cookie' ? 'Cookie' : 'localStorage'}, first-party
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={CATEGORY[item.category].color} style={{ overflow: 'visible' }}>
                {CATEGORY[item.category].label}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{item.purpose}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{item.lifetime}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{item.when}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </ScrollTable>
    </section>
  );
}
