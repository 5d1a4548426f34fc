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

export interface DemoResult {
  readonly workspaceId: string;
  readonly password: string;
  readonly people: { email: string; role: Role; name: string }[];
}

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
 * Builds a demo workspace: one member of each role (all with the given password) and a few
 * sales reps. Later issues add clients and contacts to the same command.
 */
export async function seedDemo(rt: Runtime, password: string): Promise<DemoResult> {
  const db = rt.database.db;
  const owner = PEOPLE[0];
  if (!owner) throw new Error('demo people list is empty');
  if (await findUserByEmail(db, owner.email)) {
    throw new AppError('email_in_use', `The demo workspace already exists (${owner.email} has an account).`);
  }
  const { workspaceId } = await createWorkspaceWithOwner({ rt, db }, {
    workspaceName: 'Northwind Customer Success',
    ownerName: owner.name,
    ownerEmail: owner.email,
    ownerPassword: password,
  });
  const hash = await hashPassword(password);
  const now = rt.clock.now();
  await inTransaction({ rt, db }, async (tx) => {
    const ws = { db: tx.db, workspaceId };
    for (const person of PEOPLE.slice(1)) {
      const userId = newId('user');
      await insertUser(tx.db, { id: userId, email: person.email, name: person.name, passwordHash: hash, workspaceId, now });
      await insertMembership(ws, { id: newId('membership'), user_id: userId, role: person.role, created_at: now, updated_at: now });
    }
    for (const rep of SALES_REPS) {
      await insertSalesRep(ws, { id: newId('salesRep'), name: rep.name, email: rep.email, phone: null, title: rep.title, created_at: now, updated_at: now });
    }
  });
  return { workspaceId, password, people: PEOPLE };
}
