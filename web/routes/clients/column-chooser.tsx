import { Button, Checkbox, Group, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import type { GridColumn } from '../../api/types.js';
import { columnOptions } from './filter-builder.js';

interface ColumnChooserProps {
  readonly columns: readonly GridColumn[];
  readonly visible: readonly string[];
  readonly onChange: (visible: string[]) => void;
}

/** Which columns the grid shows; a newly ticked column joins at the right end. The name always stays. */
export function ColumnChooser({ columns, visible, onChange }: ColumnChooserProps) {
  const toggle = (key: string, on: boolean) => onChange(on ? [...visible, key] : visible.filter((k) => k !== key));
  return (
    <Popover position="bottom-end" shadow="md" width={300} trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack gap="md" p="md" role="group" aria-label="Columns to show">
            {columnOptions(columns).map((group) => (
              <Stack key={group.group} gap={6}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                  {group.group}
                </Text>
                {group.items.map((item) => (
                  <Checkbox
                    key={item.value}
                    label={item.label}
                    checked={visible.includes(item.value)}
                    disabled={item.value === 'name'}
                    onChange={(e) => toggle(item.value, e.currentTarget.checked)}
                  />
                ))}
              </Stack>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Group justify="space-between" px="md" py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <Text size="xs" c="dimmed">
            {visible.length} shown
          </Text>
          <Button size="xs" variant="subtle" onClick={() => onChange(['name', 'status', 'tier', 'csm', 'last_touch', 'days_since_last_touch', 'open_tasks'].filter((k) => columns.some((c) => c.key === k)))}>
            Reset to default
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
