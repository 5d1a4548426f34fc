/**
 * True when a partial update names at least one field to change. An update with nothing to change
 * answers with the record as it is, before any write: no `updated_at`, no domain event or audit
 * entry for nothing, and no `update … set` with an empty list, which both databases refuse as a
 * syntax error (a 500 an outside probe found with `PATCH /api/v1/sources/{id}` and `{}`).
 */
export function hasChanges(patch: object): boolean {
  return Object.values(patch).some((value) => value !== undefined);
}
