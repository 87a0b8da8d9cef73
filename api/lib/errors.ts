import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error shape every API response uses: `{ error: { code, message, details? } }`. */
export type ErrorBody = {
  error: { code: string; message: string; details?: unknown };
};

/**
 * An error a route throws on purpose; `onError` turns it into the JSON error shape.
 * @example throw new ApiError(404, 'not_found', 'No such run')
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
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
export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}
