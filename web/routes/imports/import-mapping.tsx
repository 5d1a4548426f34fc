import { Alert, Button, Card, Group, List, Select, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconListSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { MatchOnLabels } from '../../../contract/imports.js';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { ImportView, MappingBody } from '../../api/types.js';
import { FormError } from '../../components/form-error.js';
import { TableCard } from '../../components/table-card.js';

/** "Leave this column out", as a select value (null means "not chosen" to Mantine). */
const IGNORE = '__ignore';
type MatchOn = MappingBody['matchOn'];

const MATCH_CHOICES: Record<ImportView['entity'], MatchOn[]> = { client: ['domain', 'external_id', 'none'], contact: ['email', 'external_id', 'none'] };
const MATCH_HINTS: Record<MatchOn, string> = {
  external_id: 'A row updates the record with the same external id (the id in your CRM).',
  domain: 'A row updates the client that has one of its domains.',
  email: 'A row updates the contact with the same email address.',
  none: 'Every row creates a new record, even if it looks like one you have.',
};

function initialMapping(view: ImportView): Record<string, string> {
  const source = view.mapping ?? view.suggestedMapping;
  return Object.fromEntries(view.headers.map((h) => [h, source[h] ?? IGNORE]));
}

/** Step two: which Candor field each CSV column fills, and how rows find records that already exist. */
export function ImportMapping({
  view,
  onChecked,
  onCancel,
  secondaryAction,
}: {
  view: ImportView;
  onChecked: () => void;
  onCancel?: () => void;
  /** Shown at the left of the buttons (Discard import), away from the step forward. */
  secondaryAction?: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [mapping, setMapping] = useState(() => initialMapping(view));
  const [matchOn, setMatchOn] = useState<MatchOn>(view.matchOn ?? MATCH_CHOICES[view.entity][0] ?? 'none');

  const chosen = new Map<string, string[]>();
  for (const [header, target] of Object.entries(mapping)) if (target !== IGNORE) chosen.set(target, [...(chosen.get(target) ?? []), header]);
  const missing = view.targets.filter((t) => t.required && !chosen.has(t.key));
  const duplicates = [...chosen.entries()].filter(([, headers]) => headers.length > 1);
  const ready = missing.length === 0 && duplicates.length === 0;

  const check = useMutation({
    mutationFn: async () => {
      const body: MappingBody = { mapping: Object.fromEntries(Object.entries(mapping).map(([h, t]) => [h, t === IGNORE ? null : t])), matchOn };
      await api.put<ImportView>(`/api/v1/imports/${encodeURIComponent(view.id)}/mapping`, body);
      return api.post<ImportView>(`/api/v1/imports/${encodeURIComponent(view.id)}/dry-run`);
    },
    onSuccess: (next) => {
      queryClient.setQueryData(keys.import(view.id), next);
      void queryClient.invalidateQueries({ queryKey: keys.imports });
      onChecked();
    },
  });

  const targetData = [
    { value: IGNORE, label: 'Leave out' },
    ...view.targets.map((t) => ({ value: t.key, label: t.required ? `${t.label} (required)` : t.label })),
  ];

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {view.totalRows.toLocaleString()} rows and {view.headers.length} columns in {view.fileName}. Candor suggested a field for the columns it recognised; check them and
        choose the rest.
      </Text>
      <TableCard
        minWidth={760}
        columns={
          <>
            <Table.Th w="28%">Column in the file</Table.Th>
            <Table.Th>Examples</Table.Th>
            <Table.Th w="34%">Goes to</Table.Th>
          </>
        }
      >
        {view.headers.map((header, index) => {
          const target = mapping[header] ?? IGNORE;
          const spec = view.targets.find((t) => t.key === target);
          const clash = duplicates.find(([key]) => key === target);
          const examples = view.preview
            .map((row) => row[index] ?? '')
            .filter((v) => v.trim() !== '')
            .slice(0, 3);
          return (
            <Table.Tr key={header}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {header}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {examples.length > 0 ? examples.join(' · ') : 'Empty in the first rows'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Field for column ${header}`}
                  size="sm"
                  searchable
                  allowDeselect={false}
                  data={targetData}
                  value={target}
                  onChange={(v) => setMapping((m) => ({ ...m, [header]: v ?? IGNORE }))}
                  error={clash ? `Also chosen for ${clash[1].filter((h) => h !== header).join(', ')}` : undefined}
                  description={spec?.hint ?? undefined}
                  inputWrapperOrder={['input', 'description', 'error']}
                />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </TableCard>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Select
            label="Find existing records by"
            description={MATCH_HINTS[matchOn]}
            allowDeselect={false}
            w={360}
            data={MATCH_CHOICES[view.entity].map((m) => ({ value: m, label: MatchOnLabels[m] }))}
            value={matchOn}
            onChange={(v) => v && setMatchOn(v as MatchOn)}
          />
          {view.targets.some((t) => t.required) ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Required fields
              </Text>
              <List size="sm" spacing={4} center>
                {view.targets
                  .filter((t) => t.required)
                  .map((t) => {
                    const from = chosen.get(t.key);
                    return (
                      <List.Item
                        key={t.key}
                        icon={
                          <ThemeIcon size={18} radius="xl" color={from ? 'teal' : 'orange'} variant="light">
                            {from ? <IconCheck size={12} /> : <IconAlertTriangle size={12} />}
                          </ThemeIcon>
                        }
                      >
                        {t.label}: {from ? `from “${from.join(', ')}”` : 'no column chosen yet'}
                      </List.Item>
                    );
                  })}
              </List>
            </Stack>
          ) : null}
        </Stack>
      </Card>

      {missing.length > 0 ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          Choose a column for {missing.map((t) => t.label).join(', ')} to go on.
        </Alert>
      ) : null}
      <FormError error={check.error} />
      <Group justify="space-between">
        <div>{secondaryAction}</div>
        <Group gap="sm">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              Back to the check
            </Button>
          ) : null}
          <Button leftSection={<IconListSearch size={16} />} disabled={!ready} loading={check.isPending} onClick={() => check.mutate()}>
            Check the file
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
