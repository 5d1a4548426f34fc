import { IdParam } from '../../../contract/common.js';
import { OutboxList, OutboxMessage } from '../../../contract/audit.js';
import type { Runtime } from '../../context.js';
import { responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { listOutboxMessages, readOutboxMessage } from './mail.outbox.js';

const tags = ['outbox'];

export function outboxAdminRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/outbox', { schema: { tags, summary: 'Mail waiting in the outbox (no SMTP) or sent', response: responses({ 200: OutboxList }) } }, async (req) =>
    listOutboxMessages(ctxOf(req)),
  );
  app.get('/api/v1/outbox/:id', { schema: { tags, summary: 'One message with its body (the read is audited)', params: IdParam, response: responses({ 200: OutboxMessage }) } }, async (req) =>
    readOutboxMessage(ctxOf(req), req.params.id),
  );
}
