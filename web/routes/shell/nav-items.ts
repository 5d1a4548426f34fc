import {
  IconActivity,
  IconAddressBook,
  IconBriefcase,
  IconBuilding,
  IconBuildingStore,
  IconChecklist,
  IconFileImport,
  IconForms,
  IconHome,
  IconKey,
  IconListDetails,
  IconMail,
  IconPlugConnected,
  IconShieldCheck,
  IconShieldLock,
  IconUser,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import type { Permission } from '../../api/types.js';

export interface NavItem {
  readonly label: string;
  readonly to: string;
  readonly icon: Icon;
  /** Shown only to members holding this permission; absent: everyone. */
  readonly permission?: Permission;
}

export interface NavSection {
  readonly label?: string;
  readonly items: readonly NavItem[];
}

/** Only features that exist today; the daily work of a CSM comes first. */
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    items: [
      { label: 'Home', to: '/', icon: IconHome },
      { label: 'Clients', to: '/clients', icon: IconBuildingStore, permission: 'client:read' },
      { label: 'Contacts', to: '/contacts', icon: IconAddressBook, permission: 'contact:read' },
      { label: 'My tasks', to: '/tasks', icon: IconChecklist, permission: 'task:read' },
      { label: 'Product usage', to: '/usage', icon: IconActivity, permission: 'client:read' },
      { label: 'Members', to: '/members', icon: IconUsers, permission: 'member:read' },
      { label: 'Sales reps', to: '/sales-reps', icon: IconBriefcase, permission: 'salesrep:read' },
    ],
  },
  {
    label: 'Settings',
    items: [
      // Every member may read the workspace, but the page is only useful to those who change it.
      { label: 'Workspace', to: '/settings/workspace', icon: IconBuilding, permission: 'workspace:update' },
      { label: 'Custom fields', to: '/settings/custom-fields', icon: IconForms, permission: 'customfield:manage' },
      { label: 'Teams', to: '/settings/teams', icon: IconUsersGroup, permission: 'team:manage' },
      { label: 'Imports', to: '/settings/imports', icon: IconFileImport, permission: 'import:run' },
      { label: 'Usage tracking', to: '/settings/usage', icon: IconPlugConnected, permission: 'workspace:administer' },
      { label: 'API tokens', to: '/settings/tokens', icon: IconKey, permission: 'token:create' },
      { label: 'Audit log', to: '/settings/audit', icon: IconListDetails, permission: 'audit:read' },
      { label: 'Outbox', to: '/settings/outbox', icon: IconMail, permission: 'outbox:read' },
      { label: 'Privacy promises', to: '/settings/promises', icon: IconShieldCheck, permission: 'promise:read' },
    ],
  },
  {
    label: 'My account',
    items: [
      { label: 'Profile', to: '/account/profile', icon: IconUser },
      { label: 'Security', to: '/account/security', icon: IconShieldLock },
    ],
  },
];
