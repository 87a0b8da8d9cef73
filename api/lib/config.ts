import { ApiError } from './errors';

// Used only when ENVIRONMENT is "development" and no AUTH_SECRET is set, so `npm start` needs no setup.
const DEVELOPMENT_SECRET = 'crisis-desk-local-development-secret-not-for-deploys';

/** The secret that signs guest cookies. A deploy without AUTH_SECRET fails closed with a clear error. */
export function authSecret(env: Env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.ENVIRONMENT === 'development') return DEVELOPMENT_SECRET;
  throw new ApiError(
    500,
    'misconfigured',
    'The server has no AUTH_SECRET; set it with `wrangler secret put AUTH_SECRET`.',
  );
}

/** Addresses that become admin when they sign up (comma-separated ADMIN_EMAILS). */
export const adminEmails = (env: Env) =>
  new Set(
    (env.ADMIN_EMAILS ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  );
