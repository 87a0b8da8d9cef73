import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { createDb } from '../db';
import { countingD1 } from '../db/counting';
import type { AppEnv } from '../env';

/** The latest D1 bookmark the browser has seen: its reads are never older than its own last write. */
const BOOKMARK_COOKIE = '__Host-cd-d1';
// D1 bookmarks are hex groups joined by dashes; anything else is ignored rather than handed to D1.
const BOOKMARK = /^[0-9a-f]{1,64}(-[0-9a-f]{1,64}){0,8}$/i;

/**
 * Puts the Drizzle client on `c.var.db`, over a D1 session (the Sessions API): reads such as the catalog, progress
 * and results may be served by a read replica, and a browser's bookmark cookie, renewed after each request, makes
 * sure it reads its own writes (a replica older than the bookmark waits or hands over to the primary). In
 * development a request with `X-D1-Counts: 1` also gets its D1 statements and round trips counted and answered in
 * the same header (for `npm run bench`'s profile).
 */
export const dbMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const counted = c.env.ENVIRONMENT === 'development' && c.req.header('X-D1-Counts');
  const { d1, counts } = counted ? countingD1(c.env.DB) : { d1: c.env.DB, counts: null };
  const known = getCookie(c, BOOKMARK_COOKIE);
  const session = d1.withSession(known && BOOKMARK.test(known) ? known : 'first-unconstrained');
  // Drizzle needs only prepare and batch, which a session has.
  c.set('db', createDb(session as unknown as D1Database));
  await next();
  const bookmark = session.getBookmark();
  if (bookmark && bookmark !== known && c.res.status !== 101)
    setCookie(c, BOOKMARK_COOKIE, bookmark, {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: 60 * 60,
    });
  if (counts)
    c.res.headers.set(
      'X-D1-Counts',
      `statements=${counts.statements}; trips=${counts.trips}; sequential=${counts.sequential}; ms=${counts.ms}`,
    );
});
