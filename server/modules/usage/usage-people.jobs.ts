import { z } from 'zod';
import type { Runtime } from '../../context.js';
import { inTransaction } from '../../context.js';
import { defineJob } from '../../jobs/define.js';
import { newId } from '../../lib/ids.js';
import { parseJsonObject } from '../../lib/json.js';
import { plainText } from '../../lib/text.js';
import { contactSearchText } from '../contacts/contacts.service.js';
import { findEmailOwners, insertContact, replaceEmails, replaceLinks } from '../contacts/contacts.repo.js';
import { recordEvent } from '../events/events.service.js';
import { findPeopleToLink, setPersonContact } from './usage.repo.js';

// No whitespace and no control characters (a NUL cannot even be stored on PostgreSQL).
// eslint-disable-next-line no-control-regex
const EMAIL = /^[^\s@\u0000-\u001f\u007f]+@[^\s@\u0000-\u001f\u007f]+\.[^\s@\u0000-\u001f\u007f]+$/;
/**
 * Ties identified product users to contacts, after the commit that stored their identify call:
 * by the `email` trait to the contact that has the address; failing that, when the person's
 * client is known (from a group call), a new contact of that client (source "tracker"). People
 * without an email, or without a client, stay product users only: an anonymous site visitor
 * should not become a contact of nobody. The traits already passed the sensitive-data guard on
 * arrival (P07).
 */
export const linkUsagePeopleJob = defineJob({
  name: 'usage.link_people',
  version: 1,
  maxAttempts: 5,
  schema: z.object({ personKeys: z.array(z.string()).min(1).max(5000) }),
  async handler(rt: Runtime, payload, job) {
    if (!job.workspaceId) return 'skipped';
    const ctx = { rt, db: rt.database.db, workspaceId: job.workspaceId };
    const people = await findPeopleToLink(ctx, payload.personKeys);
    let linked = 0;
    for (const person of people) {
      const traits = parseJsonObject(person.traits);
      const email = typeof traits.email === 'string' ? traits.email.trim().toLowerCase() : '';
      if (!EMAIL.test(email) || email.length > 254) continue;
      await inTransaction(ctx, async (tx) => {
        const [owner] = await findEmailOwners(tx, [email]);
        if (owner) {
          await setPersonContact(tx, person.person_key, owner.contact_id);
          linked++;
          return;
        }
        if (!person.client_id) return;
        const { first, last } = namesOf(traits, email);
        const id = newId('contact');
        const now = rt.clock.now();
        await insertContact(tx, {
          id,
          first_name: first,
          last_name: last,
          title: plainText(traits.title, 200) ?? null,
          do_not_contact: 0,
          marketing_opt_out: 0,
          source: 'tracker',
          external_id: null,
          custom_fields: '{}',
          search_text: contactSearchText(first, last, [email]),
          created_by_membership_id: null,
          import_id: null,
          created_at: now,
          updated_at: now,
        });
        await replaceEmails(tx, id, [email]);
        await replaceLinks(tx, id, [{ clientId: person.client_id, roles: [] }], [], now);
        await rt.caps.indexSearchText(tx.db, tx.workspaceId, 'contact', id, contactSearchText(first, last, [email]));
        await recordEvent({ ...tx, actorUserId: null }, { type: 'contact.created', subjectType: 'contact', subjectId: id });
        await setPersonContact(tx, person.person_key, id);
        linked++;
      });
    }
    return linked > 0 ? 'done' : 'skipped';
  },
});

/** Segment's `firstName`/`lastName`, else `name` split at its last space, else the address's local part. */
function namesOf(traits: Record<string, unknown>, email: string): { first: string; last: string | null } {
  const str = (v: unknown) => plainText(v, 100);
  const first = str(traits.firstName) ?? str(traits.first_name);
  const last = str(traits.lastName) ?? str(traits.last_name);
  if (first) return { first, last: last ?? null };
  const name = str(traits.name);
  if (name) {
    const cut = name.lastIndexOf(' ');
    return cut > 0 ? { first: name.slice(0, cut), last: name.slice(cut + 1) } : { first: name, last: null };
  }
  return { first: email.split('@')[0]?.slice(0, 100) || email, last: null };
}

