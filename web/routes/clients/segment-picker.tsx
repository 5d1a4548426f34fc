import { Group, Select, Text } from '@mantine/core';
import { IconStack2 } from '@tabler/icons-react';
import type { SegmentView } from '../../api/types.js';

const SCOPE_GROUPS = [
  { scope: 'standard', label: 'Standard' },
  { scope: 'global', label: 'Shared with everyone' },
  { scope: 'personal', label: 'My segments' },
] as const;

/** Standard segments first, then the workspace's shared ones, then the member's own. */
export function SegmentPicker({ segments, value, onChange }: { segments: readonly SegmentView[]; value: string; onChange: (segment: SegmentView) => void }) {
  const data = SCOPE_GROUPS.map((g) => ({ group: g.label, items: segments.filter((s) => s.scope === g.scope).map((s) => ({ value: s.id, label: s.name })) })).filter(
    (g) => g.items.length > 0,
  );
  return (
    <Select
      aria-label="Segment"
      w={260}
      leftSection={<IconStack2 size={16} />}
      allowDeselect={false}
      searchable={segments.length > 10}
      data={data}
      value={value}
      onChange={(id) => {
        const segment = segments.find((s) => s.id === id);
        if (segment) onChange(segment);
      }}
      renderOption={({ option }) => {
        const segment = segments.find((s) => s.id === option.value);
        return (
          <Group gap={6} wrap="nowrap" justify="space-between" w="100%">
            <Text size="sm">{option.label}</Text>
            {segment?.scope === 'global' && segment.owner ? (
              <Text size="xs" c="dimmed">
                by {segment.owner.name}
              </Text>
            ) : null}
          </Group>
        );
      }}
      maxDropdownHeight={400}
    />
  );
}
