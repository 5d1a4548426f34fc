/**
 * The error registry. Every error Candor answers with has a stable snake_case code listed here,
 * with its HTTP status and when it is thrown. Codes are never reused for another meaning; a
 * retired code stays listed as retired.
 */
export const ERROR_CODES = {
  /** The request body, query or path failed its schema; `details.issues` lists each problem. */
  validation_failed: { status: 400 },
  /** The password does not meet the policy (length, common-password list); the message says which rule. */
  weak_password: { status: 400 },
  /** An invite link is unknown, expired, revoked or already used (one answer, so links cannot be probed). */
  invite_invalid: { status: 400 },
  /** A password-reset link is unknown, expired or already used. */
  reset_invalid: { status: 400 },
  /** A sensitive change needs the current password, and the one given is wrong. */
  reauthentication_failed: { status: 400 },
  /** Client data holds what Candor refuses to store (a card number, an ID number, a password, health information); `details.findings` says what and where, never the value. */
  sensitive_data_rejected: { status: 400 },
  /** A domain given for a client already belongs to another client of the workspace. */
  domain_in_use: { status: 409 },
  /** An email given for a contact already belongs to another contact of the workspace. */
  contact_email_in_use: { status: 409 },
  /** A product account cannot be linked to the chosen client: the client has another external id, or another client matches the account; the message says which. */
  account_link_conflict: { status: 409 },
  /** The setup code printed in the server log is missing or wrong. */
  setup_code_invalid: { status: 400 },
  /** An ingestion request carried no write key, or one that is unknown or revoked. */
  write_key_invalid: { status: 401 },
  /** A browser write key came from a site that is not on its source's allowed origins, or a secret key from a web page. */
  origin_not_allowed: { status: 403 },
  /** No valid session or API token came with a request that needs one. */
  unauthenticated: { status: 401 },
  /** Email and password do not match an account (the same answer whether or not the email exists). */
  invalid_credentials: { status: 401 },
  /** The MFA challenge is missing or has expired; sign in again. */
  mfa_challenge_invalid: { status: 401 },
  /** The TOTP or recovery code is wrong, reused or outside its time window. */
  mfa_code_invalid: { status: 401 },
  /** While turning on two-factor sign-in, the code from the new authenticator app did not match. */
  mfa_setup_code_invalid: { status: 400 },
  /** A cookie-authenticated write came from another site (Sec-Fetch-Site / Origin check). */
  csrf_rejected: { status: 403 },
  /** The route needs a browser session; API tokens cannot change credentials or sessions. */
  session_required: { status: 403 },
  /** Not found, or not visible to this member: the two are one answer so ids cannot be probed. */
  not_found: { status: 404 },
  /** The HTTP method is not allowed on this path. */
  method_not_allowed: { status: 405 },
  /** The workspace already has its first owner; setup runs once. */
  setup_complete: { status: 409 },
  /** The email is already used by another account. */
  email_in_use: { status: 409 },
  /** The invited email already belongs to a member of this workspace. */
  already_member: { status: 409 },
  /** The change would leave the workspace without an owner. */
  last_owner: { status: 409 },
  /** The action needs a higher role than the actor's (for example, an admin changing an owner). */
  role_too_low: { status: 403 },
  /** MFA is already on, or not on, for this account. */
  mfa_state_conflict: { status: 409 },
  /** The request body is larger than the route accepts. */
  payload_too_large: { status: 413 },
  /** The request body is not JSON (`Content-Type: application/json`). */
  unsupported_media_type: { status: 415 },
  /** Too many requests from this client; `Retry-After` says when to try again. */
  rate_limited: { status: 429 },
  /** Too many failed sign-ins for this email; `Retry-After` says when to try again. */
  too_many_attempts: { status: 429 },
  /** A bug: the request could not be completed. The log carries the request id. */
  internal_error: { status: 500 },
  /** The database is unreachable or not migrated; the process is not ready. */
  not_ready: { status: 503 },
} as const satisfies Record<string, { status: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error type services throw; the HTTP error handler turns it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}

/** The single answer for "absent or not yours". */
export function notFound(what = 'record'): AppError {
  return new AppError('not_found', `No such ${what}.`);
}
