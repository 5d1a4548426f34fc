import {
  IconAddressBook,
  IconBuilding,
  IconHome,
  IconKey,
  IconListDetails,
  IconMail,
  IconShieldCheck,
  IconShieldLock,
  IconUser,
  IconUsers,
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

/** Only features that exist today; clients, tasks and the rest join when they are built. */
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    items: [
      { label: 'Home', to: '/', icon: IconHome },
      { label: 'Members', to: '/members', icon: IconUsers, permission: 'member:read' },
      { label: 'Sales reps', to: '/sales-reps', icon: IconAddressBook, permission: 'salesrep:read' },
    ],
  },
  {
    label: 'Settings',
    items: [
      // Every member may read the workspace, but the page is only useful to those who change it.
      { label: 'Workspace', to: '/settings/workspace', icon: IconBuilding, permission: 'workspace:update' },
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
