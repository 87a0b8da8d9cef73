import { ApiError } from './errors';

/** The shortest AUTH_SECRET accepted: 32 characters, as `openssl rand -base64 32` (README: Deploying) gives 44. */
const MIN_SECRET_LENGTH = 32;

/**
 * What keeps this Worker from serving safely, or null: its required secrets (wrangler.toml's [secrets]). There is no built-in secret, in development either (`.dev.vars`
 * carries a random one locally): a deploy that forgot `wrangler secret put AUTH_SECRET` refuses every API request
 * instead of signing cookies with a value anyone could read in this repository.
 */
export function configProblem(env: Env): string | null {
  const secret = env.AUTH_SECRET as string | undefined;
  if (!secret)
    return env.ENVIRONMENT === 'development'
      ? 'The server has no AUTH_SECRET: run `npm start` once (it writes .dev.vars) or add one to .dev.vars.'
      : 'The server has no AUTH_SECRET; set it with `wrangler secret put AUTH_SECRET`.';
  if (secret.length < MIN_SECRET_LENGTH)
    return `The server's AUTH_SECRET is shorter than ${MIN_SECRET_LENGTH} characters; set a random one with \`wrangler secret put AUTH_SECRET\`.`;
  // Development may fall back to its built-in key for sealed values (api/lib/secrets.ts); production may not.
  if (env.ENVIRONMENT !== 'development' && !(env.SECRETS_KEY as string | undefined))
    return 'The server has no SECRETS_KEY; set it with `openssl rand -base64 32 | wrangler secret put SECRETS_KEY`.';
  return null;
}

/** The 503 every API request gets while `configProblem` finds something (api/app.ts). */
export function misconfigured(problem: string): ApiError {
  return new ApiError(503, 'misconfigured', problem);
}

/** The secret that signs guest and device cookies. Requests never get here without one (`configProblem`). */
export function authSecret(env: Env): string {
  const problem = configProblem(env);
  if (problem) throw misconfigured(problem);
  return env.AUTH_SECRET;
}

/** Addresses that become admin when they sign up (comma-separated ADMIN_EMAILS). */
export const adminEmails = (env: Env) =>
  new Set(
    (env.ADMIN_EMAILS ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  );
