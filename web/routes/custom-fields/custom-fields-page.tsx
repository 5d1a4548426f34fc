import { ActionIcon, Badge, Button, Group, SegmentedControl, Stack, Switch, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconArchive, IconArchiveOff, IconArrowDown, IconArrowUp, IconForms, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CustomFieldTypeLabels } from '../../../contract/custom-fields.js';
import { api } from '../../api/client.js';
import { useCustomFields } from '../../api/queries.js';
import type { CustomFieldView } from '../../api/types.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { TableCard } from '../../components/table-card.js';
import { CustomFieldModal } from './custom-field-modal.js';

type Entity = 'client' | 'contact';

export function CustomFieldsPage() {
  const [entity, setEntity] = useState<Entity>('client');
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<CustomFieldView | 'new' | null>(null);
  const fields = useCustomFields(entity, 'include');
  const queryClient = useQueryClient();

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
    void queryClient.invalidateQueries({ queryKey: ['clients', 'columns'] });
  };
  const archive = useMutation({
    mutationFn: (field: CustomFieldView) => api.patch<CustomFieldView>(`/api/v1/custom-fields/${encodeURIComponent(field.id)}`, { archived: !field.archived }),
    onSuccess: (saved) => {
      notifySuccess(saved.archived ? `${saved.label} is archived: hidden everywhere, its values kept.` : `${saved.label} is back.`);
      refresh();
    },
    onError: (err) => notifyError(err, 'The field was not changed'),
  });
  // Positions are rewritten for the whole list, so gaps or ties left by older fields sort themselves out.
  const reorder = useMutation({
    mutationFn: async (ordered: CustomFieldView[]) => {
      for (const [position, field] of ordered.entries()) {
        if (field.position !== position) await api.patch(`/api/v1/custom-fields/${encodeURIComponent(field.id)}`, { position });
      }
    },
    onSettled: refresh,
    onError: (err) => notifyError(err, 'The order was not saved'),
  });

  const addButton = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')}>
      Add field
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Custom fields"
        description="What your team tracks beyond the standard fields: ARR, renewal date, plan. Fields show on every record, in the client grid and its filters, and in imports."
        actions={addButton}
      />
      <Stack gap="md">
        <Group justify="space-between">
          <SegmentedControl
            aria-label="Fields of"
            value={entity}
            onChange={(v) => setEntity(v as Entity)}
            data={[
              { value: 'client', label: 'Client fields' },
              { value: 'contact', label: 'Contact fields' },
            ]}
          />
          <Switch label="Show archived fields" checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
        </Group>
        <QueryState query={fields} loadingLabel="Loading fields…">
          {(data) => {
            const all = [...data.items].sort((a, b) => a.position - b.position);
            const active = all.filter((f) => !f.archived);
            const shown = showArchived ? all : active;
            if (shown.length === 0) {
              return (
                <EmptyStateCard
                  icon={<IconForms size={28} />}
                  title={`No ${entity} fields yet`}
                  description={
                    entity === 'client'
                      ? 'Add the facts your team looks at every day: ARR, renewal date, plan, segment. They become columns and filters in the client grid.'
                      : 'Add what you need to know about people: their LinkedIn, their time zone, their language.'
                  }
                  actions={addButton}
                />
              );
            }
            const move = (field: CustomFieldView, by: -1 | 1) => {
              const index = active.findIndex((f) => f.id === field.id);
              const other = active[index + by];
              if (!other) return;
              const next = [...active];
              next[index] = other;
              next[index + by] = field;
              reorder.mutate([...next, ...all.filter((f) => f.archived)]);
            };
            return (
              <TableCard
                minWidth={760}
                columns={
                  <>
                    <Table.Th w={90}>Order</Table.Th>
                    <Table.Th>Field</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>Options</Table.Th>
                    <Table.Th w={100}>Required</Table.Th>
                    <Table.Th w={90}>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </>
                }
              >
                {shown.map((field) => {
                  const index = active.findIndex((f) => f.id === field.id);
                  return (
                    <Table.Tr key={field.id} data-testid={`custom-field-row-${field.key}`} opacity={field.archived ? 0.6 : 1}>
                      <Table.Td>
                        {field.archived ? null : (
                          <Group gap={2} wrap="nowrap">
                            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move ${field.label} up`} disabled={index === 0 || reorder.isPending} onClick={() => move(field, -1)}>
                              <IconArrowUp size={14} />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              size="sm"
                              aria-label={`Move ${field.label} down`}
                              disabled={index === active.length - 1 || reorder.isPending}
                              onClick={() => move(field, 1)}
                            >
                              <IconArrowDown size={14} />
                            </ActionIcon>
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          <Text size="sm" fw={500}>
                            {field.label}
                          </Text>
                          {field.archived ? (
                            <Badge size="xs" color="gray" variant="light">
                              Archived
                            </Badge>
                          ) : null}
                        </Group>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {field.key}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{CustomFieldTypeLabels[field.type]}</Text>
                      </Table.Td>
                      <Table.Td>
                        {field.options.length > 0 ? (
                          <Group gap={4}>
                            {field.options.slice(0, 6).map((o) => (
                              <Badge key={o} size="sm" variant="light" color="gray" tt="none">
                                {o}
                              </Badge>
                            ))}
                            {field.options.length > 6 ? (
                              <Text size="xs" c="dimmed">
                                +{field.options.length - 6}
                              </Text>
                            ) : null}
                          </Group>
                        ) : field.currency ? (
                          <Text size="sm">{field.currency}</Text>
                        ) : (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{field.required ? 'Required' : 'Optional'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <Tooltip label="Edit">
                            <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${field.label}`} onClick={() => setEditing(field)}>
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={field.archived ? 'Bring back' : 'Archive: hide it, keep its values'}>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={field.archived ? `Unarchive ${field.label}` : `Archive ${field.label}`}
                              loading={archive.isPending && archive.variables.id === field.id}
                              onClick={() => archive.mutate(field)}
                            >
                              {field.archived ? <IconArchiveOff size={16} /> : <IconArchive size={16} />}
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </TableCard>
            );
          }}
        </QueryState>
      </Stack>
      <CustomFieldModal opened={editing !== null} onClose={() => setEditing(null)} entity={entity} field={editing === 'new' ? null : editing} />
    </>
  );
}
