import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconHeartHandshake } from '@tabler/icons-react';

export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const large = size === 'lg';
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={large ? 36 : 28} radius="md" variant="filled" aria-hidden>
        <IconHeartHandshake size={large ? 22 : 18} />
      </ThemeIcon>
      <Text fw={700} size={large ? 'xl' : 'lg'} style={{ letterSpacing: '-0.01em' }}>
        Candor
      </Text>
    </Group>
  );
}
