import { Badge, Group, MultiSelect, type MultiSelectProps } from '@mantine/core';
import { ContactRoleLabels } from '../../../contract/contacts.js';
import type { ContactRole } from '../../api/types.js';

export const CONTACT_ROLES = Object.keys(ContactRoleLabels) as ContactRole[];

const ROLE_COLORS: Record<ContactRole, string> = {
  primary: 'indigo',
  champion: 'teal',
  decision_maker: 'grape',
  executive_sponsor: 'orange',
  billing: 'gray',
  technical: 'cyan',
};

export function ContactRoleBadges({ roles }: { roles: readonly ContactRole[] }) {
  if (roles.length === 0) return null;
  return (
    <Group gap={4}>
      {roles.map((role) => (
        <Badge key={role} size="sm" variant="light" color={ROLE_COLORS[role]}>
          {ContactRoleLabels[role]}
        </Badge>
      ))}
    </Group>
  );
}

export function ContactRolesInput({ value, onChange, ...props }: Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & { value: ContactRole[]; onChange: (roles: ContactRole[]) => void }) {
  return (
    <MultiSelect
      placeholder={value.length === 0 ? 'No particular role' : undefined}
      {...props}
      data={CONTACT_ROLES.map((r) => ({ value: r, label: ContactRoleLabels[r] }))}
      value={value}
      onChange={(v) => onChange(v as ContactRole[])}
    />
  );
}
