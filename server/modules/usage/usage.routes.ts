import { IdParam } from '../../../contract/common.js';
import {
  ConsentRecordList,
  ConsentRecordsQuery,
  ContactUsage,
  CreatedSource,
  CreateSourceBody,
  DebugList,
  DebugQuery,
  IgnoreGroupBody,
  LinkedGroup,
  LinkGroupBody,
  SourceList,
  SourceView,
  UnmatchedGroupList,
  UnmatchedGroupsQuery,
  UpdateSourceBody,
  UpdateUsageSettingsBody,
  UsageQuery,
  UsageSettingsView,
  UsageSummary,
} from '../../../contract/usage.js';
import type { Runtime } from '../../context.js';
import { toIso } from '../../lib/clock.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { ALWAYS_MASKED_PARAMS } from '../ingest/ingest.privacy.js';
import type { Ingestion } from '../ingest/ingest.service.js';
import { createSource, getSource, listSources, revokeSource, rotateSourceKey, updateSource } from '../sources/sources.service.js';
import { linkUnmatchedGroup, listUnmatchedGroups, setUnmatchedGroupAside } from './usage-groups.service.js';
import { getUsageSettings, updateUsageSettings, type UsageSettings } from './usage-settings.service.js';
import { getClientUsage, getConsentRecords, getContactUsage, getWorkspaceUsage } from './usage.service.js';

const tags = ['usage'];

const settingsView = (s: UsageSettings) => ({ ...s, keyEvents: [...s.keyEvents], maskedParams: [...s.maskedParams], alwaysMaskedParams: [...ALWAYS_MASKED_PARAMS] });

/** Usage analytics for members: a client's usage (if they can see the client) and the workspace's totals. */
export function usageRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/clients/:id/usage', { schema: { tags, summary: 'A client’s product usage', params: IdParam, querystring: UsageQuery, response: responses({ 200: UsageSummary }) } }, async (req) =>
    getClientUsage(ctxOf(req), req.params.id, req.query.days),
  );
  app.get('/api/v1/contacts/:id/usage', { schema: { tags, summary: 'Who a contact is in the product: user ids, traits, activity', params: IdParam, response: responses({ 200: ContactUsage }) } }, async (req) =>
    getContactUsage(ctxOf(req), req.params.id),
  );
  app.get('/api/v1/usage', { schema: { tags, summary: 'The workspace’s product usage in total', querystring: UsageQuery, response: responses({ 200: UsageSummary }) } }, async (req) =>
    getWorkspaceUsage(ctxOf(req), req.query.days),
  );
  app.get('/api/v1/usage/settings', { schema: { tags, summary: 'Key events, consent mode, signals, masked parameters', response: responses({ 200: UsageSettingsView }) } }, async (req) =>
    settingsView(await getUsageSettings(ctxOf(req))),
  );
}

/** Sources, write keys, usage settings and the live debugger: admins only. */
export function usageAdminRoutes(app: AppInstance, ingestion: Ingestion): void {
  app.get('/api/v1/sources', { schema: { tags, summary: 'Product-usage sources', response: responses({ 200: SourceList }) } }, async (req) => ({ items: await listSources(ctxOf(req)) }));
  app.post('/api/v1/sources', { schema: { tags, summary: 'Create a source (a server key is shown once)', body: CreateSourceBody, response: responses({ 201: CreatedSource }) } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const created = await createSource(ctx, req.body);
    return reply.code(201).send({ source: await getSource(ctx, created.id), writeKey: created.writeKey });
  });
  app.patch('/api/v1/sources/:id', { schema: { tags, summary: 'Rename a source or change its allowed origins', params: IdParam, body: UpdateSourceBody, response: responses({ 200: SourceView }) } }, async (req) =>
    updateSource(ctxOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/sources/:id/rotate', { schema: { tags, summary: 'Replace a source’s write key', params: IdParam, response: responses({ 200: CreatedSource }) } }, async (req) => rotateSourceKey(ctxOf(req), req.params.id));
  app.delete('/api/v1/sources/:id', { schema: { tags, summary: 'Revoke a source’s key (its events stay)', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await revokeSource(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.put('/api/v1/usage/settings', { schema: { tags, summary: 'Change key events, consent mode, signals, masked parameters', body: UpdateUsageSettingsBody, response: responses({ 200: UsageSettingsView }) } }, async (req) => {
    const ctx = ctxOf(req);
    const saved = await updateUsageSettings(ctx, req.body);
    ingestion.forgetSettings(ctx.workspaceId);
    return settingsView(saved);
  });
  app.get(
    '/api/v1/usage/consent-records',
    { schema: { tags, summary: 'Consent choices the tag recorded: counts of 30 days and the latest, or one visitor’s', querystring: ConsentRecordsQuery, response: responses({ 200: ConsentRecordList }) } },
    async (req) => getConsentRecords(ctxOf(req), req.query.person),
  );
  app.get(
    '/api/v1/usage/unmatched-groups',
    { schema: { tags, summary: 'Product accounts (group ids) that match no client', querystring: UnmatchedGroupsQuery, response: responses({ 200: UnmatchedGroupList }) } },
    async (req) => listUnmatchedGroups(ctxOf(req), req.query.ignored),
  );
  app.post(
    '/api/v1/usage/unmatched-groups/ignore',
    { schema: { tags, summary: 'Set an account aside as never to be a client, or put it back', body: IgnoreGroupBody, response: responses({ 204: NoContent }) } },
    async (req, reply) => {
      await setUnmatchedGroupAside(ctxOf(req), req.body);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/usage/unmatched-groups/link',
    { schema: { tags, summary: 'Link a product account to a client; its past activity follows in the background', body: LinkGroupBody, response: responses({ 202: LinkedGroup }) } },
    async (req, reply) => reply.code(202).send(await linkUnmatchedGroup(ctxOf(req), req.body)),
  );
  app.get('/api/v1/usage/debugger', { schema: { tags, summary: 'The latest events received, accepted or not, with reasons', querystring: DebugQuery, response: responses({ 200: DebugList }) } }, async (req) => {
    const since = req.query.since ? Date.parse(req.query.since) : 0;
    return { items: ingestion.debug.list(ctxOf(req).workspaceId, since).map((e) => ({ ...e, at: toIso(e.at) })) };
  });
}
