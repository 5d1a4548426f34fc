import { z } from 'zod';
import { ErrorBody } from '../../contract/common.js';

/**
 * Response schemas for a route: the success shapes given, plus the error body for the statuses
 * every route can answer. The success schema is also the allow-list of what leaves the server:
 * fields not in it are stripped.
 */
export function responses<T extends Record<number, z.ZodType>>(success: T) {
  return { ...success, ...ERRORS } as T & typeof ERRORS;
}

/** The error answers every route can give, each described for the API document's reader. */
const ERRORS = {
  400: ErrorBody.describe('Bad input: `error.message` names the field and the reason, `error.details.issues` lists each'),
  401: ErrorBody.describe('Not signed in: no session cookie or API token, or an expired one'),
  403: ErrorBody.describe('Signed in, but the role does not allow this action (the message says which role would)'),
  404: ErrorBody.describe('No such record, or one the caller may not see: the two answer alike'),
  409: ErrorBody.describe('The request conflicts with what is stored (the message says with what)'),
  429: ErrorBody.describe('Too many requests: wait for the seconds in `Retry-After`'),
} as const;

export const NoContent = z.null().describe('No content');
