import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every error code the API answers, with the one status it comes with: a closed set, so a route can throw only a
 * code listed here, with its status. The web app shares the type (`ApiFailure.code`). docs/architecture.md lists
 * them with their meanings; tests/unit/errors.test.ts keeps that list and this one the same.
 */
export const ERROR_STATUS = {
  // The request is not valid (details list the problems).
  bad_request: 400,
  invalid_request: 400,
  invalid_scenario: 400,
  slug_mismatch: 400,
  too_deep: 400,
  // Who is asking.
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  own_role: 403,
  step_back_forbidden: 403,
  not_found: 404,
  invalid_code: 404,
  // The request conflicts with the state of what it names; many carry the current state in details.
  already_answered: 409,
  check_not_open: 409,
  email_taken: 409,
  no_draft: 409,
  not_ended: 409,
  not_in_progress: 409,
  not_open: 409,
  not_published: 409,
  nothing_to_undo: 409,
  platform_exists: 409,
  run_abandoned: 409,
  run_damaged: 409,
  run_finished: 409,
  run_not_finished: 409,
  slug_taken: 409,
  stale_revision: 409,
  stale_step: 409,
  // Transport and limits.
  too_large: 413,
  unsupported_media_type: 415,
  lms_unavailable: 424,
  upgrade_required: 426,
  rate_limited: 429,
  // Our side.
  internal_error: 500,
  misconfigured: 503,
  busy: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

/** A code a route or middleware throws (`ApiError`), with a fixed status. */
type ThrownCode = keyof typeof ERROR_STATUS;

/**
 * Every `error.code` the API answers: the thrown codes, and `http_error` for any other refusal by Hono itself
 * (answered with Hono's status; none is expected).
 */
export type ErrorCode = ThrownCode | 'http_error';

/** The status that goes with a code. */
type StatusOf<C extends ThrownCode> = (typeof ERROR_STATUS)[C];

/** The codes that go with a status, e.g. `CodeOf<409>` for the conflicts. */
export type CodeOf<S extends ContentfulStatusCode> = {
  [C in ThrownCode]: StatusOf<C> extends S ? C : never;
}[ThrownCode];

/** Every code, for the OpenAPI error schema. */
export const ERROR_CODES = [
  ...(Object.keys(ERROR_STATUS) as ThrownCode[]),
  'http_error',
] as const satisfies readonly ErrorCode[];

/** The one error shape every API response uses: `{ error: { code, message, details? } }`. */
export type ErrorBody = {
  error: { code: ErrorCode; message: string; details?: unknown };
};

/**
 * An error a route throws on purpose; `onError` turns it into the JSON error shape. The status must be the
 * code's own (`ERROR_STATUS`): a mismatch or an unknown code is a compile error.
 * @example throw new ApiError(404, 'not_found', 'No such run')
 */
export class ApiError<C extends ThrownCode = ThrownCode> extends Error {
  constructor(
    readonly status: StatusOf<C>,
    readonly code: C,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Builds the JSON error body. */
export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}
