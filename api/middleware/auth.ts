import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Owner } from '../db/queries/runs';
import { teachesAnyCohort } from '../db/queries/lti-launch';
import { createSession, deleteSession, userOfSession, type SessionUser } from '../db/queries/sessions';
import type { AppEnv } from '../env';
import { authSecret } from '../lib/config';
import { ApiError } from '../lib/errors';
import { randomToken, sha256Hex } from '../lib/tokens';

// __Host- cookies must be Secure, host-only and on path /; browsers accept Secure cookies on localhost.
export const SESSION_COOKIE = '__Host-cd-session';
export const GUEST_COOKIE = '__Host-cd-guest';
const SESSION_DAYS = 30;
const cookieOptions = { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' } as const;

/** A route's environment after `requireUser()`: `c.var.user` is never null there. */
export type SignedIn = AppEnv & { Variables: { user: SessionUser } };

// The choice and resume routes look the session up in the same D1 batch as the run (`loadRunAs`), so each costs
// one round trip less; for them this middleware only reads the cookies.
const SESSION_IN_ROUTE: [method: string, path: RegExp][] = [
  ['POST', /^\/api\/runs\/[^/]+\/choices$/],
  ['GET', /^\/api\/runs\/[^/]+$/],
];

/**
 * Resolves the caller: `c.var.user` from the session cookie, `c.var.guestId` from the signed guest cookie. On the
 * routes in `SESSION_IN_ROUTE` it leaves `c.var.user` null and puts the cookies on `c.var.caller` for the route.
 */
export const sessionMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const tokenHash = token ? await sha256Hex(token) : null;
  const inRoute = SESSION_IN_ROUTE.some(([method, path]) => c.req.method === method && path.test(c.req.path));
  const user = tokenHash && !inRoute ? await userOfSession(c.var.db, tokenHash) : null;
  let guestId: string | null = null;
  if (!user && getCookie(c, GUEST_COOKIE)) {
    const value = await getSignedCookie(c, authSecret(c.env), GUEST_COOKIE);
    guestId = typeof value === 'string' ? value : null;
  }
  c.set('user', user);
  c.set('guestId', guestId);
  c.set('caller', { tokenHash, guestId });
  await next();
});

/**
 * On a route that resolves its session itself (`SESSION_IN_ROUTE`): sets the caller found in its batch, as the
 * middleware would have (a valid session wins over a guest cookie).
 */
export function resolvedCaller(c: Context<AppEnv>, user: SessionUser | null): void {
  c.set('user', user);
  if (user) c.set('guestId', null);
}

/**
 * Refuses callers who are not signed in (401), or whose role is not among `roles` (403). Its environment type
 * narrows `c.var.user` to a `SessionUser` in the routes it guards, so they need no null check.
 * @example createRoute({ method: 'get', path: '/', middleware: [requireUser('instructor', 'admin')] as const, ... })
 */
export const requireUser = (...roles: SessionUser['role'][]): MiddlewareHandler<SignedIn> =>
  // Typed as after its own check, so the routes it guards see a non-null user; here it may still be null.
  createMiddleware<SignedIn>(async (c, next) => {
    const user = c.var.user as SessionUser | null;
    if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
    if (roles.length > 0 && !roles.includes(user.role)) {
      throw new ApiError(403, 'forbidden', `This needs the ${roles.join(' or ')} role.`);
    }
    await next();
  });

/**
 * Refuses callers who teach nothing: admins and site instructors pass, and so does a student account that an LMS
 * made an instructor of its course's cohort (an LMS role applies to that cohort only, so such an account passes
 * here and the route's query scopes it to the cohorts it teaches). 401 when signed out, 403 otherwise.
 * @example createRoute({ method: 'get', path: '/{id}', middleware: [requireTeacher()] as const, ... })
 */
export const requireTeacher = (): MiddlewareHandler<SignedIn> =>
  createMiddleware<SignedIn>(async (c, next) => {
    const user = c.var.user as SessionUser | null;
    if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
    if (user.role === 'student' && !(await teachesAnyCohort(c.var.db, user.id)))
      throw new ApiError(403, 'forbidden', 'This needs the instructor or admin role.');
    await next();
  });

/**
 * The caller as the owner of runs, for reading them: the signed-in user or the guest (neither: nothing is theirs).
 * @example const loaded = await requireRun(c.var.db, id, ownerForRead(c))
 */
export const ownerForRead = (c: Context<AppEnv>): Owner => ({
  userId: c.var.user?.id ?? null,
  guestId: c.var.guestId,
});

/** Who owns what the caller creates: the signed-in user, or a guest (given a guest cookie if new). */
export async function ownerForWrite(
  c: Context<AppEnv>,
): Promise<{ userId: string | null; guestId: string | null }> {
  if (c.var.user) return { userId: c.var.user.id, guestId: null };
  if (c.var.guestId) return { userId: null, guestId: c.var.guestId };
  const guestId = crypto.randomUUID();
  await setSignedCookie(c, GUEST_COOKIE, guestId, authSecret(c.env), {
    ...cookieOptions,
    maxAge: 60 * 60 * 24 * 180,
  });
  c.set('guestId', guestId);
  return { userId: null, guestId };
}

/** Starts a session for a user (cookie + row) and carries over a guest's runs, then drops the guest cookie. */
export async function startSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000);
  const guestId = c.var.guestId;
  await createSession(c.var.db, { tokenHash: await sha256Hex(token), userId, expiresAt, guestId });
  if (guestId) deleteCookie(c, GUEST_COOKIE, cookieOptions);
  setCookie(c, SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
}

/** Ends the caller's session on the server and clears the cookie. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await deleteSession(c.var.db, await sha256Hex(token));
  deleteCookie(c, SESSION_COOKIE, cookieOptions);
}

/** OWASP's device cookie: a browser that signed in to an account before (api/lib/signin-limits.ts). */
export const DEVICE_COOKIE = '__Host-cd-device';
const DEVICE_DAYS = 180;

/** The account a device cookie names, as a short digest (the email stays out of the cookie). */
const deviceAccount = async (email: string) => (await sha256Hex(`device:${email}`)).slice(0, 32);

/**
 * The caller's device cookie's nonce when it is validly signed and names this email's account, else null.
 * @example const device = await trustedDevice(c, email) // counts its own failures under `signin:device:<nonce>`
 */
export async function trustedDevice(c: Context<AppEnv>, email: string): Promise<string | null> {
  if (!getCookie(c, DEVICE_COOKIE)) return null;
  const value = await getSignedCookie(c, authSecret(c.env), DEVICE_COOKIE);
  if (typeof value !== 'string') return null;
  const [nonce, account] = value.split('.');
  return nonce && account === (await deviceAccount(email)) ? nonce : null;
}

/** Gives the browser a fresh device cookie for the account it just signed in to (a new nonce each time). */
export async function rememberDevice(c: Context<AppEnv>, email: string): Promise<void> {
  await setSignedCookie(
    c,
    DEVICE_COOKIE,
    `${randomToken()}.${await deviceAccount(email)}`,
    authSecret(c.env),
    {
      ...cookieOptions,
      // Strict: it is only ever read by a same-site sign-in.
      sameSite: 'Strict',
      maxAge: DEVICE_DAYS * 24 * 60 * 60,
    },
  );
}
