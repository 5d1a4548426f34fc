import { Accordion, Alert, Badge, Card, Code, Group, List, Progress, SegmentedControl, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCircleHalf2, IconFlask, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { PromiseList, PromiseStatus, PromiseView } from '../../api/types.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';

const STATUS: Record<PromiseStatus, { label: string; color: string; icon: typeof IconCircleCheck; meaning: string }> = {
  enforced: { label: 'Enforced', color: 'teal', icon: IconCircleCheck, meaning: 'Kept by code today, and a test proves it.' },
  partial: { label: 'Partial', color: 'yellow', icon: IconCircleHalf2, meaning: 'Kept in part; the note says what is missing.' },
  planned: { label: 'Planned', color: 'gray', icon: IconCircleDashed, meaning: 'Not built yet: the feature it covers does not exist.' },
};

export function PromisesPage() {
  const promises = useQuery({ queryKey: keys.promises, queryFn: () => api.get<PromiseList>('/api/v1/promises'), staleTime: Infinity });
  return (
    <>
      <PageHeader
        title="Privacy promises"
        description="Candor's privacy policy is executable. Each promise names the code that keeps it and the tests that prove it. This page is built from the running server, so it cannot drift from what the software does."
      />
      <QueryState query={promises} loadingLabel="Loading the promises…">
        {(data) => <Promises data={data} />}
      </QueryState>
    </>
  );
}

function Promises({ data }: { data: PromiseList }) {
  const [status, setStatus] = useState<'all' | PromiseStatus>('all');
  const [search, setSearch] = useState('');
  const total = data.items.length;
  const testCount = new Set(data.items.flatMap((p) => p.tests.map((t) => `${t.file}::${t.name}`))).size;

  const sections = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const visible = data.items.filter(
      (p) =>
        (status === 'all' || p.status === status) &&
        (!needle || `${p.id} ${p.title} ${p.note ?? ''} ${p.enforcedBy.join(' ')}`.toLowerCase().includes(needle)),
    );
    const order: string[] = [];
    const bySection = new Map<string, PromiseView[]>();
    for (const p of visible) {
      if (!bySection.has(p.section)) {
        order.push(p.section);
        bySection.set(p.section, []);
      }
      bySection.get(p.section)?.push(p);
    }
    return order.map((name) => ({ name, items: bySection.get(name) ?? [] }));
  }, [data.items, status, search]);

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg">
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="lg">
          {(['enforced', 'partial', 'planned'] as const).map((s) => {
            const Icon = STATUS[s].icon;
            return (
              <Group key={s} gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon color={STATUS[s].color} variant="light" size={40} radius="md">
                  <Icon size={22} />
                </ThemeIcon>
                <div>
                  <Text size="xl" fw={700} lh={1.1} data-testid={`promises-${s}`}>
                    {data.summary[s]}
                  </Text>
                  <Text size="sm" fw={500}>
                    {STATUS[s].label}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {STATUS[s].meaning}
                  </Text>
                </div>
              </Group>
            );
          })}
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon color="indigo" variant="light" size={40} radius="md">
              <IconFlask size={22} />
            </ThemeIcon>
            <div>
              <Text size="xl" fw={700} lh={1.1}>
                {testCount}
              </Text>
              <Text size="sm" fw={500}>
                Tests
              </Text>
              <Text size="xs" c="dimmed">
                Named after the promises they prove, such as [P12].
              </Text>
            </div>
          </Group>
        </SimpleGrid>
        <Progress.Root size="lg" mt="lg" aria-label={`${data.summary.enforced} of ${total} promises enforced`}>
          <Progress.Section value={(data.summary.enforced / total) * 100} color="teal" />
          <Progress.Section value={(data.summary.partial / total) * 100} color="yellow" />
          <Progress.Section value={(data.summary.planned / total) * 100} color="gray.3" />
        </Progress.Root>
        <Text size="xs" c="dimmed" mt={6}>
          {data.summary.enforced} of {total} promises are enforced today. The others belong to features still to come, and say so.
        </Text>
      </Card>

      {data.summary.enforcedWithoutTest.length > 0 ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Enforced, but no test names them">
          {data.summary.enforcedWithoutTest.join(', ')}. Until a test proves these, treat them as unproven.
        </Alert>
      ) : null}

      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          aria-label="Show promises by status"
          data={[
            { value: 'all', label: `All ${total}` },
            { value: 'enforced', label: `Enforced ${data.summary.enforced}` },
            { value: 'partial', label: `Partial ${data.summary.partial}` },
            { value: 'planned', label: `Planned ${data.summary.planned}` },
          ]}
        />
        <TextInput
          aria-label="Search promises"
          placeholder="Search promises"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
        />
      </Group>

      {sections.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          No promise matches.
        </Text>
      ) : (
        sections.map((section) => (
          <section key={section.name} aria-label={section.name}>
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">
                {section.name}
              </Title>
              <Text size="xs" c="dimmed">
                {section.items.filter((p) => p.status === 'enforced').length} of {section.items.length} enforced
              </Text>
            </Group>
            <Accordion
              multiple
              variant="separated"
              radius="md"
              chevronPosition="right"
              styles={{ item: { backgroundColor: 'var(--mantine-color-white)', border: '1px solid var(--mantine-color-gray-3)' } }}
            >
              {section.items.map((p) => (
                <PromiseItem key={p.id} promise={p} />
              ))}
            </Accordion>
          </section>
        ))
      )}
    </Stack>
  );
}

function PromiseItem({ promise }: { promise: PromiseView }) {
  const status = STATUS[promise.status];
  return (
    <Accordion.Item value={promise.id} data-testid={`promise-${promise.id}`}>
      <Accordion.Control>
        <Group wrap="nowrap" gap="md">
          <Code fw={700} c="dimmed">
            {promise.id}
          </Code>
          <Text size="sm" fw={500} style={{ flex: 1 }}>
            {promise.title}
          </Text>
          {promise.tests.length > 0 ? (
            <Text size="xs" c="dimmed" visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
              {promise.tests.length} {promise.tests.length === 1 ? 'test' : 'tests'}
            </Text>
          ) : null}
          <Badge color={status.color} variant="light" w={92} style={{ flexShrink: 0 }}>
            {status.label}
          </Badge>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="md" pl={4}>
          {promise.note ? (
            <Text size="sm" c="dimmed" fs="italic">
              {promise.note}
            </Text>
          ) : null}
          <div>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
              Kept by
            </Text>
            {promise.enforcedBy.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing yet: {status.meaning.toLowerCase()}
              </Text>
            ) : (
              <List size="sm" spacing={2}>
                {promise.enforcedBy.map((where) => (
                  <List.Item key={where}>
                    <Code>{where}</Code>
                  </List.Item>
                ))}
              </List>
            )}
          </div>
          <div>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
              Proven by
            </Text>
            {promise.tests.length === 0 ? (
              <Text size="sm" c="dimmed">
                No test names this promise yet.
              </Text>
            ) : (
              <List size="sm" spacing={6}>
                {promise.tests.map((t) => (
                  <List.Item key={`${t.file}::${t.name}`}>
                    <Text size="sm">{t.name.replace(`[${promise.id}]`, '').trim()}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {t.file}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
          </div>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
