import { createRoute } from '@hono/zod-openapi';
import { accountByEmail, countAccounts, emailTaken, insertAccount } from '../db/queries/users';
import { adminEmails } from '../lib/config';
import { ApiError } from '../lib/errors';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../lib/passwords';
import { passwordProblem } from '../lib/password-policy';
import { createRouter } from '../lib/router';
import { endSession, rememberDevice, startSession, trustedDevice } from '../middleware/auth';
import { SIGNIN_LIMITS, signInDecision } from '../lib/signin-limits';
import { bumpCounters, clearCounter, readCounters } from '../db/queries/rate-limits';
import { clientAddress, rateLimit, tooManyAttempts } from '../middleware/rate-limit';
import { meSchema, signInSchema, signUpSchema, userSchema } from '../schemas/auth';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';

const ONE_HOUR = 60 * 60_000;

const signUpRoute = createRoute({
  method: 'post',
  path: '/signup',
  tags: ['Accounts'],
  summary: "Create an account and sign in (a guest's runs carry over)",
  request: { body: jsonBody(signUpSchema) },
  responses: {
    201: jsonResponse(userSchema, 'The new account, signed in.'),
    ...errorResponses(400, 409, 429),
  },
});

const signInRoute = createRoute({
  method: 'post',
  path: '/signin',
  tags: ['Accounts'],
  summary: 'Sign in with email and password',
  request: { body: jsonBody(signInSchema) },
  responses: { 200: jsonResponse(userSchema, 'Signed in.'), ...errorResponses(400, 401, 429) },
});

const signOutRoute = createRoute({
  method: 'post',
  path: '/signout',
  tags: ['Accounts'],
  summary: 'End the session on the server',
  responses: { 204: { description: 'Signed out.' }, ...errorResponses(403) },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Accounts'],
  summary: 'Who is asking',
  responses: { 200: jsonResponse(meSchema, 'The signed-in user, or null.') },
});

export const authRoutes = createRouter()
  .openapi(signUpRoute, async (c) => {
    const { email, password, displayName } = c.req.valid('json');
    await rateLimit(c, `signup:ip:${clientAddress(c)}`, 20, ONE_HOUR);
    const weak = passwordProblem(password, { email, displayName });
    if (weak) throw new ApiError(400, 'invalid_request', weak, [{ path: 'password', message: weak }]);
    if (await emailTaken(c.var.db, email))
      throw new ApiError(409, 'email_taken', 'An account with this email already exists. Sign in instead.');
    const total = await countAccounts(c.var.db);
    // The first account on a fresh install administers it; so do configured addresses.
    const role = total === 0 || adminEmails(c.env).has(email) ? 'admin' : 'student';
    const user = { id: crypto.randomUUID(), email, displayName, role } as const;
    try {
      await insertAccount(c.var.db, { ...user, passwordHash: await hashPassword(password) });
    } catch {
      // Two sign-ups racing for one address: the unique index lets one through.
      throw new ApiError(409, 'email_taken', 'An account with this email already exists. Sign in instead.');
    }
    await startSession(c, user.id);
    await rememberDevice(c, email);
    return c.json(user, 201);
  })
  .openapi(signInRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const { windowMs } = SIGNIN_LIMITS;
    const address = clientAddress(c);
    const addressKey = `signin:ip:${address}`;
    const pairKey = `signin:pair:${email}:${address}`;
    const accountKey = `signin:account:${email}`;
    const device = await trustedDevice(c, email);
    const deviceKey = device ? `signin:device:${device}` : null;
    const keys: [string, ...string[]] = [addressKey, pairKey, accountKey, ...(deviceKey ? [deviceKey] : [])];
    const now = Date.now();
    // Only failures are counted, so reading the counters is all a sign-in costs before its password is checked.
    const counters = await readCounters(c.var.db, keys, windowMs, now);
    const failures = (key: string) => counters.get(key)?.count ?? 0;
    const decision = signInDecision({
      address: failures(addressKey),
      pair: failures(pairKey),
      account: failures(accountKey),
      device: deviceKey ? failures(deviceKey) : null,
    });
    if (decision.refuse)
      throw tooManyAttempts(
        counters.get(decision.refuse === 'address' ? addressKey : pairKey)!.windowStart,
        windowMs,
        now,
      );
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    const row = await accountByEmail(c.var.db, email);
    // Hash even for unknown emails so the response time does not reveal which accounts exist.
    const valid = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
    if (!row || !valid) {
      await bumpCounters(c.var.db, keys, windowMs, now);
      throw new ApiError(401, 'invalid_credentials', 'That email and password do not match an account.');
    }
    if (counters.has(pairKey)) await clearCounter(c.var.db, pairKey);
    await startSession(c, row.id);
    await rememberDevice(c, email);
    return c.json({ id: row.id, email: row.email, displayName: row.displayName, role: row.role }, 200);
  })
  .openapi(signOutRoute, async (c) => {
    await endSession(c);
    return c.body(null, 204);
  })
  .openapi(meRoute, (c) => c.json({ user: c.var.user, guest: c.var.guestId !== null }, 200));
