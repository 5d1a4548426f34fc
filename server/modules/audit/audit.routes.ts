import { z } from 'zod';
import { AuditPage, AuditQuery } from '../../../contract/audit.js';
import type { Runtime } from '../../context.js';
import { responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { exportAuditCsv, listAudit } from './audit.service.js';

const tags = ['audit'];

/** The audit and security log: owners and admins (the admin scope). */
export function auditAdminRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/audit-events', { schema: { tags, summary: 'The audit and security log, newest first', querystring: AuditQuery, response: responses({ 200: AuditPage }) } }, async (req) =>
    listAudit(ctxOf(req), req.query),
  );
  app.get(
    '/api/v1/audit-events/export',
    {
      schema: {
        tags,
        summary: 'The filtered log as CSV (recorded as an export)',
        querystring: AuditQuery.omit({ before: true, limit: true }),
        response: responses({ 200: z.string().describe('text/csv') }),
      },
    },
    async (req, reply) => {
      const csv = await exportAuditCsv(ctxOf(req), req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="candor-audit-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );
}
