import { Button, Group, Menu, Text } from '@mantine/core';
import { IconBuilding, IconCheck, IconSelector } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RoleLabels } from '../../../contract/common.js';
import { api } from '../../api/client.js';
import type { Me } from '../../api/types.js';
import { notifyError } from '../../components/notify.js';

/** The workspace name, and a switcher when the person belongs to more than one. */
export function WorkspaceSwitcher({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const switchTo = useMutation({
    mutationFn: (workspaceId: string) => api.put('/api/v1/session/workspace', { workspaceId }),
    onSuccess: () => {
      // Everything on screen belongs to the old workspace: drop it all and start over at Home.
      queryClient.clear();
      window.location.assign('/');
    },
    onError: (err) => notifyError(err, 'Could not switch workspace'),
  });

  if (me.workspaces.length <= 1) {
    return (
      <Group gap={6} wrap="nowrap" visibleFrom="xs">
        <IconBuilding size={16} color="var(--mantine-color-dimmed)" />
        <Text fw={500} size="sm" truncate maw={260} data-testid="workspace-name">
          {me.workspace.name}
        </Text>
      </Group>
    );
  }

  return (
    <Menu position="bottom-start" width={280} shadow="md">
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          c="var(--mantine-color-text)"
          leftSection={<IconBuilding size={16} />}
          rightSection={<IconSelector size={14} />}
          loading={switchTo.isPending}
          aria-label={`Workspace: ${me.workspace.name}. Switch workspace`}
          data-testid="workspace-switcher"
        >
          <Text fw={500} size="sm" truncate maw={220} data-testid="workspace-name">
            {me.workspace.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Switch workspace</Menu.Label>
        {me.workspaces.map((w) => {
          const current = w.id === me.workspace.id;
          return (
            <Menu.Item
              key={w.id}
              onClick={() => (current ? undefined : switchTo.mutate(w.id))}
              rightSection={current ? <IconCheck size={16} aria-label="current workspace" /> : null}
            >
              <Text size="sm" fw={current ? 600 : 400}>
                {w.name}
              </Text>
              <Text size="xs" c="dimmed">
                {RoleLabels[w.role]}
              </Text>
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
