import { Alert, Anchor, Badge, Button, Card, Group, Loader, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconAlertCircle, IconArrowBackUp, IconArrowLeft, IconCircleCheck, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { ImportRowError, ImportView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { FormError } from '../../components/form-error.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { formatAbsolute, RelativeTime } from '../../components/relative-time.js';
import { ScrollTable } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { ENTITY_LABELS, IMPORT_STATUS_COLORS, IMPORT_STATUS_LABELS, MOVING_STATUSES, plural } from './import-labels.js';
import { ImportMapping } from './import-mapping.js';
import { ImportSteps } from './import-steps.js';

/** The step of the wizard an import's status belongs to. */
function stepOf(view: ImportView): number {
  switch (view.status) {
    case 'uploaded':
      return 1;
    case 'validating':
    case 'validated':
      return 2;
    case 'queued':
    case 'running':
      return 3;
    default:
      return 5;
  }
}

/** One import, whatever step it is at; polls while the server works on it. */
export function ImportPage() {
  const { id = '' } = useParams();
  const view = useQuery({
    queryKey: keys.import(id),
    queryFn: () => api.get<ImportView>(`/api/v1/imports/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data && MOVING_STATUSES.has(q.state.data.status) ? 1000 : false),
  });
  return (
    <>
      <Anchor component={Link} to="/settings/imports" size="sm" c="dimmed" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Imports
        </Group>
      </Anchor>
      <QueryState query={view} loadingLabel="Loading the import…">
        {(data) => <ImportDetails view={data} />}
      </QueryState>
    </>
  );
}

function ImportDetails({ view }: { view: ImportView }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [remapping, setRemapping] = useState(false);
  const noun = ENTITY_LABELS[view.entity];
  const refresh = (next: ImportView) => {
    queryClient.setQueryData(keys.import(view.id), next);
    void queryClient.invalidateQueries({ queryKey: keys.imports });
  };

  const run = useMutation({
    mutationFn: () => api.post<ImportView>(`/api/v1/imports/${encodeURIComponent(view.id)}/run`),
    onSuccess: refresh,
  });
  const discard = useConfirmedMutation({
    mutationFn: (v: ImportView) => api.delete(`/api/v1/imports/${encodeURIComponent(v.id)}`),
    onSuccess: () => {
      notifySuccess(`${view.fileName} is discarded; nothing was imported.`);
      queryClient.removeQueries({ queryKey: keys.import(view.id) });
      void queryClient.invalidateQueries({ queryKey: keys.imports });
      void navigate('/settings/imports');
    },
  });
  const undo = useConfirmedMutation({
    mutationFn: (v: ImportView) => api.post<ImportView>(`/api/v1/imports/${encodeURIComponent(v.id)}/undo`),
    onSuccess: (next) => {
      refresh(next as ImportView);
      void queryClient.invalidateQueries({ queryKey: view.entity === 'client' ? keys.clients : keys.contacts });
    },
  });

  const step = remapping ? 1 : stepOf(view);
  const canDiscard = view.status === 'uploaded' || view.status === 'validated';
  const discardButton = canDiscard ? (
    <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => discard.ask(view)}>
      Discard import
    </Button>
  ) : null;

  let body: ReactNode;
  if (view.status === 'uploaded' || remapping) {
    body = (
      <ImportMapping
        view={view}
        onChecked={() => setRemapping(false)}
        {...(remapping ? { onCancel: () => setRemapping(false) } : {})}
        {...(view.status === 'uploaded' && !remapping ? { secondaryAction: discardButton } : {})}
      />
    );
  } else if (view.status === 'validating') {
    body = (
      <Card withBorder radius="md" padding="xl">
        <Group gap="md" role="status">
          <Loader size="sm" />
          <div>
            <Text fw={600}>Checking {plural(view.totalRows, 'row', 'rows')}…</Text>
            <Text size="sm" c="dimmed">
              Nothing is written yet. Each row is read as it would be imported, to show what would happen.
            </Text>
          </div>
        </Group>
        {view.totalRows > 0 ? <Progress mt="md" value={(view.processedRows / view.totalRows) * 100} aria-label="Rows checked" /> : null}
      </Card>
    );
  } else if (view.status === 'validated') {
    const good = view.totalRows - view.errorRows;
    body = (
      <Stack gap="md">
        <Counts
          items={[
            { label: `Would create`, value: view.createdRows, hint: `new ${noun.many}` },
            { label: `Would update`, value: view.updatedRows, hint: `${noun.many} already in Candor` },
            { label: 'Rows with errors', value: view.errorRows, hint: 'skipped unless fixed', danger: view.errorRows > 0 },
          ]}
        />
        {view.errors.length > 0 ? <RowErrors errors={view.errors} total={view.errorRows} /> : null}
        {view.errorRows > 0 ? (
          <Text size="sm" c="dimmed">
            Rows with errors are left out; the others are imported. To include them, fix the file and upload it again, or change the mapping.
          </Text>
        ) : null}
        <FormError error={run.error} />
        <Group justify="space-between">
          {discardButton}
          <Group gap="sm">
            <Button variant="default" onClick={() => setRemapping(true)}>
              Change mapping
            </Button>
            <Button leftSection={<IconPlayerPlay size={16} />} loading={run.isPending} disabled={good === 0} onClick={() => run.mutate()}>
              Import {plural(good, 'row', 'rows')}
            </Button>
          </Group>
        </Group>
      </Stack>
    );
  } else if (view.status === 'queued' || view.status === 'running') {
    const percent = view.totalRows > 0 ? Math.round((view.processedRows / view.totalRows) * 100) : 0;
    body = (
      <Card withBorder radius="md" padding="xl">
        <Stack gap="sm" role="status" aria-live="polite">
          <Text fw={600}>{view.status === 'queued' ? 'Waiting for its turn…' : `Importing ${noun.many}…`}</Text>
          <Progress.Root size="xl" aria-label="Import progress">
            <Progress.Section value={percent} animated striped>
              <Progress.Label>{percent}%</Progress.Label>
            </Progress.Section>
          </Progress.Root>
          <Text size="sm" c="dimmed">
            {view.processedRows.toLocaleString()} of {plural(view.totalRows, 'row', 'rows')} done. You can leave this page: the import goes on in the background.
          </Text>
        </Stack>
      </Card>
    );
  } else {
    body = (
      <Stack gap="md">
        <Finished view={view} />
        {view.status === 'done' || view.status === 'failed' ? (
          <Counts
            items={[
              { label: 'Created', value: view.createdRows, hint: `new ${noun.many}` },
              { label: 'Updated', value: view.updatedRows, hint: `${noun.many} already in Candor` },
              { label: 'Rows with errors', value: view.errorRows, hint: 'left out', danger: view.errorRows > 0 },
            ]}
          />
        ) : null}
        {view.errors.length > 0 ? <RowErrors errors={view.errors} total={view.errorRows} /> : null}
        <Group justify="space-between">
          <Button variant="light" component={Link} to={view.entity === 'client' ? '/clients' : '/contacts'}>
            See {noun.many}
          </Button>
          {view.canUndo ? (
            <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => undo.ask(view)}>
              Undo import
            </Button>
          ) : null}
        </Group>
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title={view.fileName}
        description={
          <>
            Import of {noun.many}
            {view.createdBy ? ` by ${view.createdBy}` : ''}, started <RelativeTime iso={view.createdAt} />.{' '}
            <Badge variant="light" color={IMPORT_STATUS_COLORS[view.status]} ml={4}>
              {IMPORT_STATUS_LABELS[view.status]}
            </Badge>
          </>
        }
      />
      <ImportSteps active={step} />
      {body}
      <ConfirmModal {...discard.confirmProps} title="Discard this import?" confirmLabel="Discard import">
        The uploaded file and its mapping are deleted. Nothing was imported, so no {noun.one} changes.
      </ConfirmModal>
      <ConfirmModal {...undo.confirmProps} title="Undo the whole import?" confirmLabel="Undo import">
        The {noun.many} this import created are deleted, and the ones it updated go back to how they were before it. Changes your team made to them since may be lost.
      </ConfirmModal>
    </>
  );
}

function Finished({ view }: { view: ImportView }) {
  if (view.status === 'undoing') {
    return (
      <Alert color="orange" variant="light" icon={<Loader size={16} />} title="Undoing the import…" role="status">
        The page updates by itself when it is done.
      </Alert>
    );
  }
  if (view.status === 'undone') {
    return (
      <Alert color="gray" variant="light" icon={<IconArrowBackUp size={18} />} title="This import was undone">
        {view.undoneAt ? `Undone ${formatAbsolute(view.undoneAt)}. ` : ''}What it created was removed and what it changed was put back.
      </Alert>
    );
  }
  if (view.status === 'failed') {
    return (
      <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title="The import stopped" role="alert">
        Part of the file may have been imported; the counts below say how much. {view.canUndo ? 'Undo it, fix the file and import it again.' : 'Fix the file and import it again.'}
      </Alert>
    );
  }
  return (
    <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="Import finished">
      {view.finishedAt ? `Finished ${formatAbsolute(view.finishedAt)}. ` : ''}
      {view.canUndo ? 'If something looks wrong, you can undo the whole import.' : ''}
    </Alert>
  );
}

function Counts({ items }: { items: { label: string; value: number; hint: string; danger?: boolean }[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: items.length }}>
      {items.map((item) => (
        <Card key={item.label} withBorder radius="md" padding="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {item.label}
          </Text>
          <Text fz={28} fw={700} c={item.danger ? 'red.7' : undefined} lh={1.3}>
            {item.value.toLocaleString()}
          </Text>
          <Text size="xs" c="dimmed">
            {item.hint}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function RowErrors({ errors, total }: { errors: ImportRowError[]; total: number }) {
  return (
    <Card withBorder radius="md" p={0}>
      <Group justify="space-between" px="md" pt="md" pb="xs">
        <div>
          <Text fw={600} size="sm">
            Errors by row
          </Text>
          <Text size="xs" c="dimmed">
            Row 1 is the first row under the column names.
          </Text>
        </div>
        {total > errors.length ? (
          <Text size="xs" c="dimmed">
            The first {errors.length} of {total.toLocaleString()}
          </Text>
        ) : null}
      </Group>
      <ScrollTable
        minWidth={560}
        verticalSpacing="xs"
        horizontalSpacing="md"
        columns={
          <>
            <Table.Th w={80}>Row</Table.Th>
            <Table.Th w={200}>Column</Table.Th>
            <Table.Th>Problem</Table.Th>
          </>
        }
      >
        {errors.map((e, i) => (
          <Table.Tr key={`${e.row}-${e.column ?? ''}-${i}`}>
            <Table.Td fz="sm">{e.row}</Table.Td>
            <Table.Td>
              <Text size="sm">{e.column ?? '—'}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{e.message}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </ScrollTable>
    </Card>
  );
}
