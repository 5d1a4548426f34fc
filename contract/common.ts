import { z } from 'zod';

/** The one error shape every failing request answers with. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable snake_case code from the error registry'),
    message: z.string().describe('What went wrong and what to do about it, for a person'),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
}).meta({
  example: { error: { code: 'validation_failed', message: 'body.name: must not be empty', details: { issues: [{ path: 'body.name', message: 'must not be empty' }] } } },
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const IsoTime = z.iso.datetime().describe('ISO 8601 time, UTC');

export const Role = z.enum(['owner', 'admin', 'manager', 'csm', 'executive', 'viewer']);
export type Role = z.infer<typeof Role>;

export const RoleLabels: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  manager: 'Manager',
  csm: 'CSM',
  executive: 'Executive',
  viewer: 'Viewer',
};

export const RoleDescriptions: Record<Role, string> = {
  owner: 'Everything, including billing-level settings and other owners.',
  admin: 'Manages members, security settings, the audit log and the outbox.',
  manager: 'Leads a team of CSMs; manages sales reps.',
  csm: 'Works their own book of clients.',
  executive: 'Reads everything in the workspace, changes nothing administrative.',
  viewer: 'Read-only access to what they are shown.',
};

/** Emails are trimmed and lower-cased before anything compares or stores them. */
export const Email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address'))
  .transform((e) => e.toLowerCase());

export const PersonName = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');

/** Passwords are checked for policy in the service (length, common list), not trimmed or altered. */
export const Password = z.string().max(1024, 'must be at most 1024 characters');

/**
 * An id a request names (a client, a member, a segment…). Never empty: an empty string is no id,
 * and stored as one it failed the foreign key as a 500; null clears a reference where allowed.
 */
export const RecordId = z.string().min(1, 'must not be empty (an id, or null where the field may be cleared)').max(64);

export const IdParam = z.object({ id: z.string().min(1).max(64) });

export const Ok = z.object({ ok: z.literal(true) });
