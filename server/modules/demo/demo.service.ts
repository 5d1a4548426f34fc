import type { Runtime } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Role } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { findUserByEmail, insertUser } from '../auth/auth.repo.js';
import { hashPassword } from '../auth/password.js';
import { insertMembership } from '../members/members.repo.js';
import { insertSalesRep } from '../sales-reps/sales-reps.repo.js';
import { createWorkspaceWithOwner } from '../workspaces/workspaces.service.js';
import { seedBook, type BookResult } from './demo.book.js';
import { FIRST_NAMES, LAST_NAMES, pick, seededRandom } from './demo.names.js';

export interface DemoResult {
  readonly workspaceId: string;
  readonly password: string;
  /** The named people, one per role; at scale more CSMs follow the pattern csmN@demo.candor.test. */
  readonly people: { email: string; role: Role; name: string }[];
  readonly book: BookResult & { csms: number };
}

export interface DemoOptions {
  readonly password: string;
  readonly clients: number;
  readonly contacts: number;
  readonly progress?: (clientsDone: number) => void;
}

/** A CSM carries a few hundred accounts in a tech-touch book; past that the demo hires more. */
const CLIENTS_PER_CSM = 400;

const PEOPLE: { name: string; email: string; role: Role }[] = [
  { name: 'Morgan Avery', email: 'owner@demo.candor.test', role: 'owner' },
  { name: 'Priya Raman', email: 'admin@demo.candor.test', role: 'admin' },
  { name: 'Diego Martins', email: 'manager@demo.candor.test', role: 'manager' },
  { name: 'Hannah Okafor', email: 'csm1@demo.candor.test', role: 'csm' },
  { name: 'Tomás Lindqvist', email: 'csm2@demo.candor.test', role: 'csm' },
  { name: 'Grace Whitfield', email: 'exec@demo.candor.test', role: 'executive' },
  { name: 'Lena Fischer', email: 'viewer@demo.candor.test', role: 'viewer' },
];

const SALES_REPS = [
  { name: 'Jordan Blake', email: 'jordan.blake@sales.demo.candor.test', title: 'Account Executive' },
  { name: 'Amara Chen', email: 'amara.chen@sales.demo.candor.test', title: 'Senior Account Executive' },
  { name: 'Sam Delgado', email: null, title: 'Sales Development Rep' },
];

/**
 * Builds a demo workspace: one member of each role (all with the given password), a few sales
 * reps, and a book of business of the asked size (see demo.book.ts).
 */
export async function seedDemo(rt: Runtime, options: DemoOptions): Promise<DemoResult> {
  const { password } = options;
  const db = rt.database.db;
  const owner = PEOPLE[0];
  if (!owner) throw new Error('demo people list is empty');
  if (await findUserByEmail(db, owner.email)) {
    throw new AppError('email_in_use', `The demo workspace already exists (${owner.email} has an account).`);
  }
  const { workspaceId, membershipId: ownerMembershipId } = await createWorkspaceWithOwner({ rt, db }, {
    workspaceName: 'Northwind Customer Success',
    ownerName: owner.name,
    ownerEmail: owner.email,
    ownerPassword: password,
  });
  const hash = await hashPassword(password);
  const now = rt.clock.now();
  const membershipOf = new Map<string, string>();
  const csms: string[] = [];
  const salesRepIds: string[] = [];
  const extraCsms = Math.max(0, Math.ceil(options.clients / CLIENTS_PER_CSM) - PEOPLE.filter((p) => p.role === 'csm').length);
  const random = seededRandom(extraCsms + 1);
  const extras = Array.from({ length: extraCsms }, (_, i) => ({
    name: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
    email: `csm${i + 3}@demo.candor.test`,
    role: 'csm' as const,
  }));
  await inTransaction({ rt, db }, async (tx) => {
    const ws = { db: tx.db, workspaceId };
    for (const person of [...PEOPLE.slice(1), ...extras]) {
      const userId = newId('user');
      const membershipId = newId('membership');
      await insertUser(tx.db, { id: userId, email: person.email, name: person.name, passwordHash: hash, workspaceId, now });
      await insertMembership(ws, { id: membershipId, user_id: userId, role: person.role, created_at: now, updated_at: now });
      membershipOf.set(person.email, membershipId);
      if (person.role === 'csm') csms.push(membershipId);
    }
    for (const rep of SALES_REPS) {
      const id = newId('salesRep');
      await insertSalesRep(ws, { id, name: rep.name, email: rep.email, phone: null, title: rep.title, created_at: now, updated_at: now });
      salesRepIds.push(id);
    }
  });
  const book = await seedBook(
    rt,
    workspaceId,
    {
      ownerMembershipId,
      managerMembershipId: must(membershipOf.get('manager@demo.candor.test')),
      executiveMembershipId: must(membershipOf.get('exec@demo.candor.test')),
      csmMembershipIds: csms,
      salesRepIds,
    },
    { clients: options.clients, contacts: options.contacts },
    options.progress,
  );
  return { workspaceId, password, people: PEOPLE, book: { ...book, csms: csms.length } };
}

function must(id: string | undefined): string {
  if (!id) throw new Error('a named demo person has no membership');
  return id;
}
