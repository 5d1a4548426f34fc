import type { ExpressionBuilder, Insertable, Selectable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import type { Database, MailMessageTable, Role } from '../../db/schema.js';
import { allowCrossWorkspace } from '../../db/tenant-guard.js';

export type MailRow = Selectable<MailMessageTable>;

export async function insertMail(db: Executor, row: Insertable<MailMessageTable>): Promise<void> {
  await db.insertInto('mail_message').values(row).execute();
}

/** The worker's read of one message by id, whatever its workspace: jobs deliver mail for every workspace. */
export function unsafeFindMailForDelivery(db: Executor, id: string): Promise<MailRow | undefined> {
  return allowCrossWorkspace('the mail worker reads queued mail by id', () =>
    db.selectFrom('mail_message').selectAll().where('id', '=', id).executeTakeFirst(),
  );
}

/** The worker records the delivery of a message by id (it serves every workspace). */
export async function unsafeMarkMailDelivered(
  db: Executor,
  id: string,
  patch: { status: 'sent' | 'outbox'; transport: 'smtp' | 'outbox'; sent_at: number | null; expires_at: number; clearBodies: boolean },
): Promise<void> {
  await allowCrossWorkspace('the mail worker updates mail by id', () =>
    db
    .updateTable('mail_message')
    .set({
      status: patch.status,
      transport: patch.transport,
      sent_at: patch.sent_at,
      expires_at: patch.expires_at,
      error: null,
      ...(patch.clearBodies ? { text_body: null, html_body: null } : {}),
    })
    .where('id', '=', id)
    .execute(),
  );
}

export async function unsafeMarkMailFailed(db: Executor, id: string, error: string): Promise<void> {
  await allowCrossWorkspace('the mail worker updates mail by id', () =>
    db.updateTable('mail_message').set({ status: 'failed', error }).where('id', '=', id).execute(),
  );
}

/**
 * Which account mail (no workspace: password resets, security notices) a workspace's outbox shows:
 * mail to people whose only workspace is this one (a reset link for someone who also belongs
 * elsewhere would open that other workspace too), and, for an admin, not mail to owners or other
 * admins. Owners see all such mail of their sole members.
 */
function accountMailVisible(ctx: Ctx, viewerRole: Role, viewerUserId: string) {
  const hidden: Role[] = viewerRole === 'owner' ? [] : ['owner', 'admin'];
  return (eb: ExpressionBuilder<Database, 'mail_message'>) =>
    eb.and([
      eb('mail_message.workspace_id', 'is', null),
      eb(
        'mail_message.recipient_user_id',
        'in',
        eb
          .selectFrom('membership as m')
          .select('m.user_id')
          .where('m.workspace_id', '=', ctx.workspaceId)
          .$if(hidden.length > 0, (qb) =>
            qb.where((inner) => inner.or([inner('m.role', 'not in', hidden), inner('m.user_id', '=', viewerUserId)])),
          )
          .where((inner) =>
            inner.not(
              inner.exists(
                inner
                  .selectFrom('membership as other')
                  .select('other.id')
                  .whereRef('other.user_id', '=', 'm.user_id')
                  .where('other.workspace_id', '!=', ctx.workspaceId),
              ),
            ),
          ),
      ),
    ]);
}

/**
 * This workspace's outbox as one member sees it, newest first. Unsafe because deciding which
 * account mail to show asks whether its recipient also belongs to another workspace.
 */
export function unsafeListOutbox(ctx: Ctx, viewerRole: Role, viewerUserId: string, limit = 200) {
  return allowCrossWorkspace('account mail is shown only for members of no other workspace', () => ctx.db
    .selectFrom('mail_message')
    .select(['id', 'to_address', 'subject', 'template', 'status', 'created_at', 'sent_at', 'expires_at'])
    .where((eb) => eb.or([eb('mail_message.workspace_id', '=', ctx.workspaceId), accountMailVisible(ctx, viewerRole, viewerUserId)(eb)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute());
}

/** One message of this workspace's outbox, by the same rule as unsafeListOutbox. */
export function unsafeFindOutboxMessage(ctx: Ctx, viewerRole: Role, viewerUserId: string, id: string): Promise<MailRow | undefined> {
  return allowCrossWorkspace('account mail is shown only for members of no other workspace', () => ctx.db
    .selectFrom('mail_message')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('mail_message.workspace_id', '=', ctx.workspaceId), accountMailVisible(ctx, viewerRole, viewerUserId)(eb)]))
    .executeTakeFirst());
}
