import { inTransaction, type Ctx } from '../../context.js';
import type { ClientTable, ContactTable } from '../../db/schema.js';
import { deleteClientRow, replaceDomains, replaceTags, updateClientRow } from '../clients/clients.repo.js';
import { deleteContactRow, replaceEmails, replacePhones, updateContactRow, upsertLink } from '../contacts/contacts.repo.js';
import { recordEvent } from '../events/events.service.js';
import { deleteChanges, listChanges } from './imports.repo.js';

interface ClientSnapshot {
  row: ClientTable;
  domains: string[];
  tags: string[];
}

interface ContactSnapshot {
  row: ContactTable;
  emails: string[];
  phones: { phone: string; label: string | null }[];
  links: { client_id: string; roles: string; created_at: number }[];
}

/**
 * Undoes an import from its change log, a slice at a time: records it created are deleted (with
 * what hangs off them), records it changed get back the values they had before. Each slice and the
 * removal of its log entries commit together, so an interrupted undo resumes where it stopped.
 */
export async function undoChanges(ctx: Ctx, importId: string): Promise<{ deleted: number; restored: number }> {
  let deleted = 0;
  let restored = 0;
  for (;;) {
    const changes = await listChanges(ctx, importId, 200);
    if (changes.length === 0) return { deleted, restored };
    await inTransaction(ctx, async (tx) => {
      for (const change of changes) {
        if (change.action === 'created') {
          if (change.entity === 'client') {
            await deleteClientRow(tx, change.entity_id);
            await ctx.rt.caps.unindexSearchText(tx.db, ctx.workspaceId, 'client', [change.entity_id]);
          } else {
            await deleteContactRow(tx, change.entity_id);
            await ctx.rt.caps.unindexSearchText(tx.db, ctx.workspaceId, 'contact', [change.entity_id]);
          }
          deleted++;
        } else if (change.before) {
          if (change.entity === 'client') {
            const snap = JSON.parse(change.before) as ClientSnapshot;
            const { workspace_id: _ws, id, ...row } = snap.row;
            await updateClientRow(tx, id, row);
            await replaceDomains(tx, id, snap.domains);
            await replaceTags(tx, id, snap.tags);
            await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'client', id, row.search_text);
          } else {
            const snap = JSON.parse(change.before) as ContactSnapshot;
            const { workspace_id: _ws, id, ...row } = snap.row;
            await updateContactRow(tx, id, row);
            await replaceEmails(tx, id, snap.emails);
            await replacePhones(tx, id, snap.phones);
            for (const link of snap.links) await upsertLink(tx, link.client_id, id, JSON.parse(link.roles) as string[], link.created_at);
            await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'contact', id, row.search_text);
          }
          restored++;
        }
      }
      await deleteChanges(tx, importId, changes.map((c) => c.entity_id));
      await recordEvent({ ...tx, actorUserId: ctx.actor.kind === 'member' ? ctx.actor.userId : null }, { type: 'import.undone', subjectType: 'import', subjectId: importId, payload: { slice: changes.length } });
    });
  }
}
