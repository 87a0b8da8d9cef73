import { hc } from 'hono/client';
import type { AppType } from '../../../api/app';
import type { ErrorBody, ErrorCode } from '../../../api/lib/errors';
import { t } from '../i18n';

/** The one typed API client; every call's path, input and output come from the server's routes. */
export const api = hc<AppType>(location.origin).api;

/**
 * Why a call failed: one of the server's error codes (`ErrorCode`, shared with the API), or one the app gives
 * itself: an unreadable response, an error without a code, a file that is not JSON, a publish before a save.
 */
type FailureCode = ErrorCode | 'bad_response' | 'error' | 'json' | 'unsaved';

/** A failed API call, carrying the server's code, message and details for the UI. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: FailureCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * The body of a successful response, or an ApiFailure with the server's message.
 * @example const catalog = await unwrap(await api.scenarios.$get())
 */
export async function unwrap<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  response: R,
): Promise<Success<R>> {
  if (response.status === 204) return undefined as Success<R>;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiFailure(response.status, 'bad_response', t('status.noBody', { status: response.status }));
  }
  if (!response.ok) {
    const error = (body as Partial<ErrorBody>).error;
    throw new ApiFailure(
      response.status,
      error?.code ?? 'error',
      error?.message ?? t('status.answered', { status: response.status }),
      error?.details,
    );
  }
  return body as Success<R>;
}

/** The body type of a response union's successful members. */
type Success<R extends { json(): Promise<unknown> }> = Exclude<Awaited<ReturnType<R['json']>>, ErrorBody>;

/** A readable message for anything thrown by an API call (including a network failure). */
export const messageOf = (error: unknown) =>
  error instanceof ApiFailure ? error.message : t('status.offline');
