import { ActionBar, ActionIcon, Alert, Badge, Button, Card, Group, Menu, Pagination, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconBuildingStore,
  IconChevronDown,
  IconChevronUp,
  IconDeviceFloppy,
  IconDots,
  IconDownload,
  IconFilter,
  IconFilterPlus,
  IconPencil,
  IconPlus,
  IconRestore,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { OperatorLabels } from '../../../contract/grid.js';
import { api } from '../../api/client.js';
import { keys, settledTotal, useAnyClient, useClientColumns, useClientCount, useSegments } from '../../api/queries.js';
import type { BulkUpdateResult, GridColumn, GridPage, SegmentView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { useCan, useMe } from '../../components/me-context.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, PageLoader } from '../../components/query-state.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { SearchInput } from '../../components/search-input.js';
import { useSearchParam } from '../../components/use-search-param.js';
import { BulkEditModal } from './bulk-edit-modal.js';
import { ClientFormModal } from './client-form-modal.js';
import { ClientGridTable } from './client-grid-table.js';
import { ColumnChooser } from './column-chooser.js';
import { FilterBuilder } from './filter-builder.js';
import { appendNode, applicableFilter, countConditions, describeFilter, emptyGroup, newCondition } from './filter-model.js';
import { defaultSegmentId, differsFrom, rememberedGrid, rememberGrid, stateOf, viewOf, type GridState } from './grid-state.js';
import { SegmentModal } from './segment-modal.js';
import { SegmentPicker } from './segment-picker.js';

const ABOUT = 'Every client you can see. Start from a segment, filter on any column, and save what you use often.';

export function ClientsPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const segments = useSegments();
  const columns = useClientColumns();
  // One row is enough to know whether the workspace has any client this member can see.
  const anyClient = useAnyClient();
  const [creating, setCreating] = useState(params.get('new') === '1');

  const newButton = can('client:write') ? (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      New client
    </Button>
  ) : null;
  const importButton = can('import:run') ? (
    <Button variant="default" leftSection={<IconUpload size={18} />} component={Link} to="/settings/imports/new?entity=client">
      Import clients
    </Button>
  ) : null;

  const closeCreate = () => {
    setCreating(false);
    if (params.has('new')) {
      params.delete('new');
      setParams(params, { replace: true });
    }
  };

  let body: ReactNode;
  if (segments.isPending || columns.isPending || anyClient.isPending) body = <PageLoader label="Loading clients…" />;
  else if (segments.isError || columns.isError || anyClient.isError) {
    body = (
      <LoadError
        error={segments.error ?? columns.error ?? anyClient.error}
        onRetry={() => {
          void segments.refetch();
          void columns.refetch();
          void anyClient.refetch();
        }}
      />
    );
  } else if (!anyClient.data) {
    body = (
      <EmptyStateCard
        icon={<IconBuildingStore size={28} />}
        title="No clients yet"
        description={
          can('client:write')
            ? 'Clients are the companies your team looks after. Add one by hand, or import them from a CSV file exported from your CRM or a spreadsheet.'
            : 'Clients are the companies your team looks after. You will see the clients you work on here once they are assigned to you.'
        }
        actions={
          newButton || importButton ? (
            <>
              {newButton}
              {importButton}
            </>
          ) : undefined
        }
      />
    );
  } else {
    body = <ClientGrid segments={segments.data.items} columns={columns.data.items} />;
  }

  return (
    <>
      <PageHeader
        title="Clients"
        description={ABOUT}
        actions={
          anyClient.data ? (
            <>
              {importButton}
              {newButton}
            </>
          ) : null
        }
      />
      {body}
      {can('client:write') ? <ClientFormModal opened={creating} onClose={closeCreate} client={null} /> : null}
    </>
  );
}

function ClientGrid({ segments, columns }: { segments: SegmentView[]; columns: GridColumn[] }) {
  const me = useMe();
  const can = useCan();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const byKey = useMemo(() => new Map(columns.map((c) => [c.key, c])), [columns]);
  const fallback = segments.find((s) => s.id === defaultSegmentId(me)) ?? segments[0];
  const [search, setSearch] = useSearchParam('q');
  // The last term typed in this grid's own box; any other change of ?q= came from outside.
  const typed = useRef(search);

  const [state, setState] = useState<GridState>(() => {
    const wanted = params.get('segment');
    const last = rememberedGrid(me.membership.id);
    // A term in the address without a segment (the header search's "See all matching clients")
    // asks for every match, so it starts from the default view rather than the filters left last time.
    const searchOnly = Boolean(params.get('q')) && !wanted;
    if (!searchOnly && last && (!wanted || wanted === last.segmentId) && segments.some((s) => s.id === last.segmentId)) return last;
    const segment = segments.find((s) => s.id === wanted) ?? fallback;
    return segment ? stateOf(segment) : { segmentId: '', filter: emptyGroup(), sort: [], columns: ['name'], page: 1, pageSize: 50 };
  });
  useEffect(() => rememberGrid(me.membership.id, state), [state, me.membership.id]);
  useEffect(() => {
    if (search === typed.current) return;
    typed.current = search;
    // The header search sent a new term while the grid is open: the same fresh start as on arrival.
    if (!params.get('segment') && fallback) {
      setState((s) => stateOf(fallback, s.pageSize));
      setSelection(new Map());
    } else setState((s) => ({ ...s, page: 1 }));
  }, [search]);

  const segment = segments.find((s) => s.id === state.segmentId);
  const [selection, setSelection] = useState<Map<string, string>>(new Map());
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkResult, setBulkResult] = useState<{ result: BulkUpdateResult; names: Map<string, string> } | null>(null);
  const [segmentModal, setSegmentModal] = useState<'create' | 'rename' | null>(null);
  // A segment's own conditions start folded into one line; whatever the person adds starts open.
  const [filtersOpen, setFiltersOpen] = useState(() => !segments.some((s) => s.id === state.segmentId && s.view.filter && countConditions(s.view.filter) > 0));

  const [filter] = useDebouncedValue(state.filter, 350);
  const [q] = useDebouncedValue(search, 250);
  const runnable = useMemo(() => applicableFilter(filter, byKey), [filter, byKey]);
  const body = {
    filter: runnable,
    sort: state.sort,
    columns: state.columns,
    ...(q.trim() ? { q: q.trim() } : {}),
    limit: state.pageSize,
    offset: (state.page - 1) * state.pageSize,
    total: false,
  };
  const grid = useQuery({
    queryKey: keys.clientGrid(body),
    queryFn: () => api.post<GridPage>('/api/v1/clients/query', body),
    placeholderData: keepPreviousData,
  });
  // The rows come first; the total can take longer over a large book with a filter no index
  // serves, and does not change when the page, order or columns do.
  const count = useClientCount({ filter: runnable, ...(q.trim() ? { q: q.trim() } : {}) });

  const update = (change: Partial<GridState>, resetPage = true) => setState((s) => ({ ...s, ...change, ...(resetPage ? { page: 1 } : {}) }));
  const typeSearch = (term: string) => {
    typed.current = term;
    setSearch(term);
    update({});
  };
  const chooseSegment = (next: SegmentView) => {
    setState(stateOf(next, state.pageSize));
    setSelection(new Map());
    setFiltersOpen(!(next.view.filter && countConditions(next.view.filter) > 0));
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set('segment', next.id);
        return updated;
      },
      { replace: true },
    );
  };

  const dirty = segment ? differsFrom(state, segment, byKey) : true;
  const conditionCount = countConditions(state.filter);

  const saveView = useMutation({
    mutationFn: (target: SegmentView) => api.patch<SegmentView>(`/api/v1/segments/${encodeURIComponent(target.id)}`, { view: viewOf(state, applicableFilter(state.filter, byKey)) }),
    onSuccess: (saved) => {
      notifySuccess(`Segment “${saved.name}” is updated.`);
      void queryClient.invalidateQueries({ queryKey: keys.segments });
    },
    onError: (err) => notifyError(err, 'The segment was not updated'),
  });
  const removeSegment = useConfirmedMutation({
    mutationFn: (target: SegmentView) => api.delete(`/api/v1/segments/${encodeURIComponent(target.id)}`),
    onSuccess: (_v, target) => {
      notifySuccess(`Segment “${target.name}” is deleted.`);
      void queryClient.invalidateQueries({ queryKey: keys.segments });
      if (fallback) chooseSegment(fallback);
    },
  });
  const exportCsv = useMutation({
    mutationFn: () =>
      api.download(
        '/api/v1/clients/export',
        { segmentId: state.segmentId || undefined, filter: applicableFilter(state.filter, byKey), sort: state.sort, columns: state.columns, ...(search.trim() ? { q: search.trim() } : {}) },
        'clients.csv',
      ),
    onSuccess: ({ blob, fileName }) => {
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has read the blob once the click is handled; free it on the next tick.
      window.setTimeout(() => URL.revokeObjectURL(url), 0);
      notifySuccess(`${fileName} is downloaded. The export is recorded in the audit log.`);
    },
    onError: (err) => notifyError(err, 'The export failed'),
  });

  const select = (rows: { id: string; name: string }[], on: boolean) =>
    setSelection((current) => {
      const next = new Map(current);
      for (const row of rows) {
        if (on) next.set(row.id, row.name);
        else next.delete(row.id);
      }
      return next;
    });

  const page = grid.data;
  const empty = page !== undefined && page.rows.length === 0 && state.page === 1;
  const total = settledTotal(count);
  const from = page && page.rows.length > 0 ? (state.page - 1) * state.pageSize + 1 : 0;
  const to = page ? from + page.rows.length - 1 : 0;
  const pages = total !== null ? Math.max(1, Math.ceil(total / state.pageSize)) : state.page + (page?.hasMore ? 1 : 0);
  const mayEdit = can('client:write');

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <SegmentPicker segments={segments} value={state.segmentId} onChange={chooseSegment} />
          {dirty && segment ? (
            <Group gap={4}>
              <Badge variant="light" color="yellow">
                Changed
              </Badge>
              <Tooltip label={`Back to “${segment.name}” as saved`}>
                <ActionIcon variant="subtle" color="gray" aria-label="Undo changes to this segment" onClick={() => chooseSegment(segment)}>
                  <IconRestore size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ) : null}
        </Group>
        <Group gap="xs">
          {segment?.canEdit && dirty ? (
            <Button variant="light" leftSection={<IconDeviceFloppy size={16} />} loading={saveView.isPending} onClick={() => saveView.mutate(segment)}>
              Update segment
            </Button>
          ) : null}
          <Button variant={dirty ? 'light' : 'default'} leftSection={<IconDeviceFloppy size={16} />} onClick={() => setSegmentModal('create')}>
            Save as segment
          </Button>
          {segment?.canEdit ? (
            <Menu position="bottom-end" shadow="md">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label={`More actions for segment ${segment.name}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setSegmentModal('rename')}>
                  Rename segment
                </Menu.Item>
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => removeSegment.ask(segment)}>
                  Delete segment
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
      </Group>

      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <SearchInput label="Search clients" placeholder="Search by name or domain" value={search} onChange={typeSearch} />
          <Button
            variant="default"
            leftSection={<IconFilterPlus size={16} />}
            onClick={() => {
              const first = columns.find((c) => c.key === 'status') ?? columns[0];
              if (first) update({ filter: appendNode(state.filter, [], newCondition(first)) });
              setFiltersOpen(true);
            }}
          >
            Add filter
          </Button>
          <ColumnChooser columns={columns} visible={state.columns} onChange={(visible) => update({ columns: visible }, false)} />
        </Group>
        {can('client:export') ? (
          <Button variant="default" leftSection={<IconDownload size={16} />} loading={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
            Export CSV
          </Button>
        ) : null}
      </Group>

      {conditionCount > 0 && filtersOpen ? (
        <Card withBorder radius="md" padding="md" component="section" aria-label="Filters">
          <FilterBuilder filter={state.filter} onChange={(next) => update({ filter: next })} columns={columns} />
          <Group justify="flex-end" mt={-28}>
            <Button size="xs" variant="subtle" color="gray" leftSection={<IconChevronUp size={14} />} onClick={() => setFiltersOpen(false)}>
              Fold filters
            </Button>
          </Group>
        </Card>
      ) : null}
      {conditionCount > 0 && !filtersOpen ? (
        <Card withBorder radius="md" padding="sm" component="section" aria-label="Filters">
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFilter size={16} color="var(--mantine-color-dimmed)" aria-hidden style={{ flexShrink: 0 }} />
              <Text size="sm" truncate="end" title={describeFilter(state.filter, byKey, OperatorLabels)}>
                {describeFilter(state.filter, byKey, OperatorLabels) || 'Conditions still missing a value'}
              </Text>
            </Group>
            <Button size="xs" variant="light" leftSection={<IconChevronDown size={14} />} onClick={() => setFiltersOpen(true)} style={{ flexShrink: 0 }}>
              Edit filters ({conditionCount})
            </Button>
          </Group>
        </Card>
      ) : null}

      {bulkResult ? <BulkResultNotice {...bulkResult} onClose={() => setBulkResult(null)} /> : null}

      {grid.isError && !page ? <LoadError error={grid.error} onRetry={() => void grid.refetch()} /> : null}
      {grid.isError && page ? (
        <Alert color="red" variant="light" role="alert" title="This view could not be loaded">
          {grid.error.message}
        </Alert>
      ) : null}
      {!page && grid.isPending ? <PageLoader label="Loading clients…" /> : null}

      {empty ? (
        <Card withBorder radius="md" py={40}>
          <Stack align="center" gap="xs">
            <Text fw={600}>No clients match</Text>
            <Text size="sm" c="dimmed" ta="center" maw={460}>
              {conditionCount > 0 || search
                ? 'Nothing fits these conditions and this search. Remove a condition or change the search.'
                : `“${segment?.name ?? 'This view'}” has no clients right now.`}
            </Text>
            <Group gap="xs" mt="xs">
              {conditionCount > 0 || search ? (
                <Button
                  variant="default"
                  onClick={() => {
                    update({ filter: emptyGroup() });
                    typeSearch('');
                  }}
                >
                  Clear filters and search
                </Button>
              ) : null}
              {state.segmentId !== 'std_all_clients' && segments.some((s) => s.id === 'std_all_clients') ? (
                <Button
                  variant="light"
                  onClick={() => {
                    const all = segments.find((s) => s.id === 'std_all_clients');
                    if (all) chooseSegment(all);
                  }}
                >
                  Show all clients
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Card>
      ) : null}

      {page && !empty ? (
        <>
          <ClientGridTable
            page={page}
            sort={state.sort}
            onSort={(sort) => update({ sort })}
            loading={grid.isFetching && grid.isPlaceholderData}
            {...(mayEdit ? { selection: new Set(selection.keys()), onSelect: select } : {})}
          />
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {total !== null ? `${from}–${to} of ${total.toLocaleString()} ${total === 1 ? 'client' : 'clients'}` : `${from}–${to} of … (counting)`}
            </Text>
            <Group gap="sm">
              <Select
                aria-label="Rows per page"
                size="xs"
                w={120}
                allowDeselect={false}
                data={['25', '50', '100', '200'].map((n) => ({ value: n, label: `${n} per page` }))}
                value={String(state.pageSize)}
                onChange={(n) => n && update({ pageSize: Number(n) })}
              />
              {pages > 1 ? (
                <Pagination
                  size="sm"
                  total={pages}
                  value={state.page}
                  onChange={(p) => update({ page: p }, false)}
                  getControlProps={(control) => ({ 'aria-label': `${control.charAt(0).toUpperCase()}${control.slice(1)} page` })}
                />
              ) : null}
            </Group>
          </Group>
        </>
      ) : null}

      {mayEdit ? (
        <ActionBar opened={selection.size > 0} onClose={() => setSelection(new Map())} aria-label="Actions for the selected clients" shadow="lg">
          <Text size="sm" fw={500} px="xs">
            {selection.size} selected
          </Text>
          <ActionBar.Divider />
          <Button size="xs" leftSection={<IconPencil size={14} />} onClick={() => setBulkOpen(true)}>
            Edit selected
          </Button>
          <ActionBar.CloseButton aria-label="Clear selection" />
        </ActionBar>
      ) : null}
      {mayEdit ? (
        <BulkEditModal
          opened={bulkOpen}
          onClose={() => setBulkOpen(false)}
          ids={[...selection.keys()]}
          onDone={(result) => {
            setBulkResult({ result, names: new Map(selection) });
            setSelection(new Map());
          }}
        />
      ) : null}

      <SegmentModal
        opened={segmentModal !== null}
        onClose={() => setSegmentModal(null)}
        mode={segmentModal === 'rename' && segment ? { kind: 'rename', segment } : { kind: 'create', view: viewOf(state, applicableFilter(state.filter, byKey)) }}
        onSaved={(saved) => {
          if (segmentModal === 'create') {
            setState((s) => ({ ...s, segmentId: saved.id }));
            setParams(
              (current) => {
                const updated = new URLSearchParams(current);
                updated.set('segment', saved.id);
                return updated;
              },
              { replace: true },
            );
          }
        }}
      />
      <ConfirmModal {...removeSegment.confirmProps} title={`Delete segment “${removeSegment.target?.name ?? ''}”?`} confirmLabel="Delete segment">
        {removeSegment.target?.scope === 'global'
          ? 'Nobody in the workspace will see this segment any more. The clients in it are not changed.'
          : 'The segment goes away; the clients in it are not changed.'}
      </ConfirmModal>
    </Stack>
  );
}

function BulkResultNotice({ result, names, onClose }: { result: BulkUpdateResult; names: Map<string, string>; onClose: () => void }) {
  const skipped = result.skipped.map((id) => names.get(id) ?? id);
  return (
    <Alert color={skipped.length > 0 ? 'yellow' : 'teal'} variant="light" withCloseButton onClose={onClose} closeButtonLabel="Dismiss" role="status" title={`${result.updated} ${result.updated === 1 ? 'client' : 'clients'} updated`}>
      {skipped.length > 0
        ? `${skipped.length} skipped because they no longer exist or are not yours to change: ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? '…' : ''}.`
        : 'Every selected client was changed.'}
    </Alert>
  );
}
