import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/** Past this, a client that keeps sending after our answer loses its connection rather than our time. */
const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Reads to its end a request body the route never read (a refusal before validation: 401, 403, 404, 429).
 * workerd closes a connection whose request body is left unread once it has answered, and a client still
 * uploading gets a reset instead of our JSON error (EPIPE, or "Network connection lost" through a proxy).
 */
export const drainUnreadBody = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const body = c.req.raw.body;
  if (!body || c.req.raw.bodyUsed) return;
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  try {
    for (let read = 0; read <= DRAIN_LIMIT_BYTES;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to keep the connection for.
  }
});
