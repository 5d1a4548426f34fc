import { inTransaction } from '../../server/context.js';
import type { Role } from '../../server/db/schema.js';
import { newId } from '../../server/lib/ids.js';
import { insertUser } from '../../server/modules/auth/auth.repo.js';
import { hashPassword } from '../../server/modules/auth/password.js';
import { startSession } from '../../server/modules/auth/session.service.js';
import { insertMembership } from '../../server/modules/members/members.repo.js';
import { createWorkspaceWithOwner } from '../../server/modules/workspaces/workspaces.service.js';
import { cookieNames } from '../../server/http/cookies.js';
import type { TestApp } from './app.js';

/** Everyone made by the factories shares this password; its hash is computed once per process. */
export const FACTORY_PASSWORD = 'factory password for tests';
let factoryHash: Promise<string> | undefined;

export interface Person {
  readonly userId: string;
  readonly membershipId: string;
  readonly workspaceId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly password: string;
}

export interface Workspace {
  readonly workspaceId: string;
  readonly name: string;
  readonly owner: Person;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A new workspace with its owner. Every call is a new tenant: "same workspace" must be asked for. */
export async function makeWorkspace(t: TestApp, name = `Workspace ${unique()}`): Promise<Workspace> {
  const email = `owner-${unique()}@example.test`;
  const created = await createWorkspaceWithOwner({ rt: t.rt, db: t.rt.database.db }, { workspaceName: name, ownerName: 'Olive Owner', ownerEmail: email, ownerPassword: FACTORY_PASSWORD });
  return {
    workspaceId: created.workspaceId,
    name,
    owner: { userId: created.ownerId, membershipId: created.membershipId, workspaceId: created.workspaceId, email, name: 'Olive Owner', role: 'owner', password: FACTORY_PASSWORD },
  };
}

/** A member of `ws` with `role`; pass `userId` to add an existing person to a second workspace. */
export async function makeMember(t: TestApp, ws: { workspaceId: string }, role: Role, existing?: Person): Promise<Person> {
  factoryHash ??= hashPassword(FACTORY_PASSWORD);
  const now = t.clock.now();
  const userId = existing?.userId ?? newId('user');
  const email = existing?.email ?? `${role}-${unique()}@example.test`;
  const name = existing?.name ?? `${role[0]?.toUpperCase()}${role.slice(1)} Person`;
  const membershipId = newId('membership');
  const hash = await factoryHash;
  await inTransaction({ db: t.rt.database.db }, async (tx) => {
    if (!existing) {
      await insertUser(tx.db, { id: userId, email, name, passwordHash: hash, workspaceId: ws.workspaceId, now });
    }
    await insertMembership({ db: tx.db, workspaceId: ws.workspaceId }, { id: membershipId, user_id: userId, role, created_at: now, updated_at: now });
  });
  return { userId, membershipId, workspaceId: ws.workspaceId, email, name, role, password: FACTORY_PASSWORD };
}

/**
 * A signed-in browser for `person` (a session minted by the session service, as sign-in does),
 * as the Cookie header value. HTTP sign-in has its own tests; this keeps other tests off the
 * per-IP sign-in rate limit.
 */
export async function signInAs(t: TestApp, person: Person, workspaceId = person.workspaceId): Promise<string> {
  const { session } = await startSession(
    { rt: t.rt, db: t.rt.database.db, request: { ip: '127.0.0.1', userAgent: 'vitest', requestId: 'factory' } },
    { userId: person.userId, workspaceId, remember: false },
  );
  return `${cookieNames(t.rt.config).session}=${session.token}`;
}
