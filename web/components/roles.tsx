import { Badge, Select, type SelectProps } from '@mantine/core';
import { RoleDescriptions, RoleLabels } from '../../contract/common.js';
import type { Role } from '../api/types.js';
import { describedOption } from './described-option.js';

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

const renderRoleOption = describedOption(RoleDescriptions);

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
      renderOption={renderRoleOption}
    />
  );
}
