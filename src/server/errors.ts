// Errors are values with stable codes. The one error handler (plugins/errors.ts) maps them to
// HTTP; every code is listed in docs/errors.md. 5xx bodies never carry detail.

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'invalid_utf8'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'session_expired'
  | 'invalid_credentials'
  | 'mfa_required'
  | 'mfa_invalid'
  | 'mfa_enrollment_required'
  | 'mfa_already_enabled'
  | 'mfa_not_enabled'
  | 'csrf_failed'
  | 'forbidden'
  | 'baa_required'
  | 'not_found'
  | 'conflict'
  | 'invoice_issued'
  | 'email_taken'
  | 'password_rejected'
  | 'token_invalid'
  | 'link_expired'
  | 'link_used'
  | 'call_over'
  | 'join_not_open'
  | 'use_portal'
  | 'too_many_requests'
  | 'overloaded'
  | 'unavailable'
  | 'integrity_error'
  | 'internal_error';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', 404, `${what} not found`);
export const forbidden = (message = 'You do not have permission to do that') => new AppError('forbidden', 403, message);
/** 400: the named field is not acceptable (`field: message`). */
export const invalid = (field: string, message: string) => new AppError('validation_failed', 400, `${field}: ${message}`, field);
export const badRequest = invalid;
/** 409: the request cannot be done in the current state; `field` names the input at fault, if any. */
export const conflict = (message: string, field?: string) => new AppError('conflict', 409, message, field);
