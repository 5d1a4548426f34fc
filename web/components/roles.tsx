import { Badge, Group, Select, Stack, Text, type SelectProps } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { RoleDescriptions, RoleLabels } from '../../contract/common.js';
import type { Role } from '../api/types.js';

export const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'csm', 'executive', 'viewer'];

const ROLE_COLORS: Record<Role, string> = {
  owner: 'grape',
  admin: 'indigo',
  manager: 'blue',
  csm: 'teal',
  executive: 'orange',
  viewer: 'gray',
};

/** Mirrors the server's rule (access.policy.ts canChangeRole) only to hide choices that would be refused. */
export function canAssignRole(actor: Role, target: Role, next?: Role): boolean {
  if (actor === 'owner') return true;
  if (actor !== 'admin') return false;
  return target !== 'owner' && next !== 'owner';
}

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge color={ROLE_COLORS[role]} variant="light" radius="sm">
      {RoleLabels[role]}
    </Badge>
  );
}

interface RoleSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  readonly value: Role;
  readonly onChange: (role: Role) => void;
  /** Roles offered; others are left out so nobody picks what the server would refuse. */
  readonly roles?: readonly Role[];
}

/** A role picker that shows each role's one-line description under its name. */
export function RoleSelect({ value, onChange, roles = ROLES, ...props }: RoleSelectProps) {
  return (
    <Select
      {...props}
      value={value}
      allowDeselect={false}
      data={roles.map((r) => ({ value: r, label: RoleLabels[r] }))}
      onChange={(next) => {
        if (next) onChange(next as Role);
      }}
      comboboxProps={{ width: 340, position: 'bottom-start', ...props.comboboxProps }}
      maxDropdownHeight={420}
      renderOption={({ option, checked }) => (
        <Group wrap="nowrap" align="flex-start" gap="xs">
          <IconCheck size={16} style={{ visibility: checked ? 'visible' : 'hidden', marginTop: 2, flexShrink: 0 }} />
          <Stack gap={0}>
            <Text size="sm" fw={500}>
              {option.label}
            </Text>
            <Text size="xs" c="dimmed">
              {RoleDescriptions[option.value as Role]}
            </Text>
          </Stack>
        </Group>
      )}
    />
  );
}
