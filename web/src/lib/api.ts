import { hc } from 'hono/client';
import type { AppType } from '../../../api/app';

/** The one typed API client; every call's path, input and output come from the server's routes. */
export const api = hc<AppType>(location.origin).api;

/** The API's error shape, read from a failed response so the UI can show its message. */
export async function readError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `The server answered ${response.status}.`;
  } catch {
    return `The server answered ${response.status}.`;
  }
}
