import { ActionIcon, Box, Button, Group, Paper, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconSitemap, IconTrash, IconX } from '@tabler/icons-react';
import { OperatorLabels } from '../../../contract/grid.js';
import type { Condition, FilterGroup, GridColumn, Operator } from '../../api/types.js';
import { ConditionValueInput } from './condition-value-input.js';
import { appendNode, emptyGroup, isComplete, isGroup, MAX_FILTER_DEPTH, newCondition, replaceNode, withOperator, type NodePath } from './filter-model.js';

const GROUP_LABELS = { standard: 'Standard fields', calculated: 'Calculated', custom: 'Custom fields' } as const;

/** Column choices grouped as the column chooser shows them. */
export function columnOptions(columns: readonly GridColumn[]) {
  return (['standard', 'calculated', 'custom'] as const)
    .map((group) => ({ group: GROUP_LABELS[group], items: columns.filter((c) => c.group === group).map((c) => ({ value: c.key, label: c.label })) }))
    .filter((g) => g.items.length > 0);
}

interface FilterBuilderProps {
  readonly filter: FilterGroup;
  readonly onChange: (filter: FilterGroup) => void;
  readonly columns: readonly GridColumn[];
}

/**
 * Conditions on any grid column, combined with all/any and nested in groups up to the depth the
 * server runs. Conditions still missing a value are kept here and left out of the query.
 */
export function FilterBuilder({ filter, onChange, columns }: FilterBuilderProps) {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  return (
    <GroupEditor
      group={filter}
      path={[]}
      depth={1}
      byKey={byKey}
      columns={columns}
      onReplace={(path, node) => onChange(replaceNode(filter, path, node))}
      onAppend={(path, node) => onChange(appendNode(filter, path, node))}
      onClear={() => onChange(emptyGroup(filter.op))}
    />
  );
}

interface GroupEditorProps {
  readonly group: FilterGroup;
  readonly path: NodePath;
  readonly depth: number;
  readonly byKey: ReadonlyMap<string, GridColumn>;
  readonly columns: readonly GridColumn[];
  readonly onReplace: (path: NodePath, node: Condition | FilterGroup | null) => void;
  readonly onAppend: (path: NodePath, node: Condition | FilterGroup) => void;
  readonly onClear?: () => void;
}

function GroupEditor({ group, path, depth, byKey, columns, onReplace, onAppend, onClear }: GroupEditorProps) {
  const isRoot = path.length === 0;
  const firstColumn = columns[0];
  const body = (
    <Stack gap="xs">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{isRoot ? 'Show clients that match' : 'Match'}</Text>
          <Select
            aria-label={isRoot ? 'Match all or any of the conditions' : 'Match all or any of the conditions in this group'}
            size="xs"
            w={92}
            allowDeselect={false}
            value={group.op}
            onChange={(op) => op && onReplace(path, { ...group, op: op as 'and' | 'or' })}
            data={[
              { value: 'and', label: 'all' },
              { value: 'or', label: 'any' },
            ]}
          />
          <Text size="sm">of these conditions</Text>
        </Group>
        {isRoot ? (
          onClear ? (
            <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
              Clear filters
            </Button>
          ) : null
        ) : (
          <Tooltip label="Remove this group">
            <ActionIcon variant="subtle" color="gray" aria-label="Remove group" onClick={() => onReplace(path, null)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      {group.conditions.map((node, index) => {
        const here = [...path, index];
        return isGroup(node) ? (
          <GroupEditor key={index} group={node} path={here} depth={depth + 1} byKey={byKey} columns={columns} onReplace={onReplace} onAppend={onAppend} />
        ) : (
          <ConditionRow key={index} condition={node} columns={columns} byKey={byKey} onChange={(next) => onReplace(here, next)} />
        );
      })}
      <Group gap="xs">
        {firstColumn ? (
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => onAppend(path, newCondition(firstColumn))}>
            Add condition
          </Button>
        ) : null}
        {depth < MAX_FILTER_DEPTH ? (
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            leftSection={<IconSitemap size={14} />}
            onClick={() => onAppend(path, { op: group.op === 'and' ? 'or' : 'and', conditions: firstColumn ? [newCondition(firstColumn)] : [] })}
          >
            Add group
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
  if (isRoot) return body;
  return (
    <Paper withBorder p="sm" radius="md" bg={depth % 2 === 0 ? 'gray.0' : 'white'} role="group" aria-label="Condition group">
      {body}
    </Paper>
  );
}

function ConditionRow({
  condition,
  columns,
  byKey,
  onChange,
}: {
  condition: Condition;
  columns: readonly GridColumn[];
  byKey: ReadonlyMap<string, GridColumn>;
  onChange: (next: Condition | null) => void;
}) {
  const column = byKey.get(condition.column);
  const complete = isComplete(condition, column);
  return (
    <Box role="group" aria-label={`Condition on ${column?.label ?? condition.column}`}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Select
          aria-label="Column"
          size="xs"
          w={190}
          searchable
          allowDeselect={false}
          data={columnOptions(columns)}
          value={condition.column}
          onChange={(key) => {
            const next = key ? byKey.get(key) : undefined;
            if (next) onChange(newCondition(next));
          }}
        />
        {column ? (
          <Select
            aria-label="Operator"
            size="xs"
            w={190}
            allowDeselect={false}
            data={column.operators.map((op) => ({ value: op, label: OperatorLabels[op] }))}
            value={condition.op}
            onChange={(op) => op && onChange(withOperator(condition, column, op as Operator))}
          />
        ) : (
          <Text size="xs" c="red" pt={6}>
            This column no longer exists.
          </Text>
        )}
        <Box style={{ flex: 1 }}>{column ? <ConditionValueInput column={column} condition={condition} onChange={(value) => onChange({ ...condition, value })} /> : null}</Box>
        <Tooltip label="Remove condition">
          <ActionIcon variant="subtle" color="gray" aria-label="Remove condition" onClick={() => onChange(null)}>
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {!complete && column ? (
        <Text size="xs" c="orange.8" mt={2}>
          Not applied until it has a value.
        </Text>
      ) : null}
    </Box>
  );
}
