import { createBrowserRouter } from 'react-router';
import { ProfilePage } from './routes/account/profile-page.js';
import { SecurityPage } from './routes/account/security-page.js';
import { AuditPage } from './routes/audit/audit-page.js';
import { CookiesPage } from './routes/cookies/cookies-page.js';
import { ForgotPasswordPage } from './routes/auth/forgot-password-page.js';
import { InvitePage } from './routes/auth/invite-page.js';
import { ResetPasswordPage } from './routes/auth/reset-password-page.js';
import { SetupPage } from './routes/auth/setup-page.js';
import { SignInPage } from './routes/auth/sign-in-page.js';
import { ClientPage } from './routes/clients/client-page.js';
import { ClientsPage } from './routes/clients/clients-page.js';
import { ContactPage } from './routes/contacts/contact-page.js';
import { ContactsPage } from './routes/contacts/contacts-page.js';
import { CustomFieldsPage } from './routes/custom-fields/custom-fields-page.js';
import { HomePage } from './routes/home/home-page.js';
import { ImportPage } from './routes/imports/import-page.js';
import { ImportsPage } from './routes/imports/imports-page.js';
import { NewImportPage } from './routes/imports/new-import-page.js';
import { MembersPage } from './routes/members/members-page.js';
import { OutboxMessagePage } from './routes/outbox/outbox-message-page.js';
import { OutboxPage } from './routes/outbox/outbox-page.js';
import { PromisesPage } from './routes/promises/promises-page.js';
import { SalesRepsPage } from './routes/sales-reps/sales-reps-page.js';
import { AppLayout } from './routes/shell/app-layout.js';
import { NotFoundPage, RequirePermission } from './routes/shell/require-permission.js';
import { TasksPage } from './routes/tasks/tasks-page.js';
import { TeamsPage } from './routes/teams/teams-page.js';
import { TokensPage } from './routes/tokens/tokens-page.js';
import { UsagePage } from './routes/usage/usage-page.js';
import { UsageSettingsPage } from './routes/usage-settings/usage-settings-page.js';
import { WorkspacePage } from './routes/workspace/workspace-page.js';

const PUBLIC_PATHS = new Set(['/setup', '/sign-in', '/forgot-password', '/reset-password', '/invite', '/cookies']);

/** Pages reachable without a session; a 401 there is expected and sends nobody anywhere. */
export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname.replace(/\/+$/, '') || '/');
}

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/setup', element: <SetupPage /> },
    { path: '/sign-in', element: <SignInPage /> },
    { path: '/forgot-password', element: <ForgotPasswordPage /> },
    { path: '/reset-password', element: <ResetPasswordPage /> },
    { path: '/invite', element: <InvitePage /> },
    { path: '/cookies', element: <CookiesPage /> },
    {
      path: '/',
      element: <AppLayout />,
      children: [
        { index: true, element: <HomePage /> },
        { path: 'clients', element: <RequirePermission permission="client:read"><ClientsPage /></RequirePermission> },
        { path: 'clients/:id', element: <RequirePermission permission="client:read"><ClientPage /></RequirePermission> },
        { path: 'contacts', element: <RequirePermission permission="contact:read"><ContactsPage /></RequirePermission> },
        { path: 'contacts/:id', element: <RequirePermission permission="contact:read"><ContactPage /></RequirePermission> },
        { path: 'usage', element: <RequirePermission permission="client:read"><UsagePage /></RequirePermission> },
        { path: 'tasks', element: <RequirePermission permission="task:read"><TasksPage /></RequirePermission> },
        { path: 'members', element: <RequirePermission permission="member:read"><MembersPage /></RequirePermission> },
        { path: 'sales-reps', element: <RequirePermission permission="salesrep:read"><SalesRepsPage /></RequirePermission> },
        { path: 'settings/workspace', element: <RequirePermission permission="workspace:read"><WorkspacePage /></RequirePermission> },
        { path: 'settings/custom-fields', element: <RequirePermission permission="customfield:manage"><CustomFieldsPage /></RequirePermission> },
        { path: 'settings/teams', element: <RequirePermission permission="team:manage"><TeamsPage /></RequirePermission> },
        { path: 'settings/imports', element: <RequirePermission permission="import:run"><ImportsPage /></RequirePermission> },
        { path: 'settings/imports/new', element: <RequirePermission permission="import:run"><NewImportPage /></RequirePermission> },
        { path: 'settings/imports/:id', element: <RequirePermission permission="import:run"><ImportPage /></RequirePermission> },
        { path: 'settings/tokens', element: <RequirePermission permission="token:create"><TokensPage /></RequirePermission> },
        { path: 'settings/audit', element: <RequirePermission permission="audit:read"><AuditPage /></RequirePermission> },
        { path: 'settings/outbox', element: <RequirePermission permission="outbox:read"><OutboxPage /></RequirePermission> },
        { path: 'settings/outbox/:id', element: <RequirePermission permission="outbox:read"><OutboxMessagePage /></RequirePermission> },
        { path: 'settings/usage', element: <RequirePermission permission="workspace:administer"><UsageSettingsPage /></RequirePermission> },
        { path: 'settings/promises', element: <RequirePermission permission="promise:read"><PromisesPage /></RequirePermission> },
        { path: 'account/profile', element: <ProfilePage /> },
        { path: 'account/security', element: <SecurityPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
