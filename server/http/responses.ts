import { z } from 'zod';
import { ErrorBody } from '../../contract/common.js';

/**
 * Response schemas for a route: the success shapes given, plus the error body for the statuses
 * every route can answer. The success schema is also the allow-list of what leaves the server:
 * fields not in it are stripped.
 */
export function responses<T extends Record<number, z.ZodType>>(success: T) {
  return { ...success, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody } as T & Record<400 | 401 | 403 | 404 | 409 | 429, typeof ErrorBody>;
}

export const NoContent = z.null().describe('No content');
