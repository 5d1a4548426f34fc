import { Group, Stack, Text, type ComboboxLikeRenderOptionInput, type ComboboxItem } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/**
 * A Select's `renderOption` that shows each choice's one-line meaning under its name, for choices
 * whose names alone do not say what they do (roles, client statuses).
 */
export function describedOption(descriptions: Readonly<Record<string, string>>) {
  return function DescribedOption({ option, checked }: ComboboxLikeRenderOptionInput<ComboboxItem>): ReactNode {
    return (
      <Group wrap="nowrap" align="flex-start" gap="xs">
        <IconCheck size={16} style={{ visibility: checked ? 'visible' : 'hidden', marginTop: 2, flexShrink: 0 }} />
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {option.label}
          </Text>
          <Text size="xs" c="dimmed">
            {descriptions[option.value]}
          </Text>
        </Stack>
      </Group>
    );
  };
}
