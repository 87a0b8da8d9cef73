/** Calls to a platform's LTI Advantage services: OAuth 2 client-credentials tokens and AGS score posts. */
import type { PlatformRow } from '../db/queries/lti';
import type { Db } from '../db';
import { z } from 'zod';
import {
  MEMBERSHIPS_CONTENT_TYPE,
  membershipContainerSchema,
  membershipSchema,
  SCOPE,
  SCORE_CONTENT_TYPE,
  scoresUrl,
} from './claims';
import { signWithToolKey } from './keys';

const TIMEOUT_MS = 10_000;
// Per isolate: a token serves every post until shortly before it expires.
const tokens = new Map<string, { token: string; expiresAt: number }>();

/** A failure talking to the platform, with what it answered (kept on the queued grade for the dashboard). */
export class PlatformError extends Error {
  override name = 'PlatformError';
  /** The platform's HTTP status, when it answered. */
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Answers that retrying the same request cannot change (the line item is gone, the request is refused). */
export const PERMANENT_STATUSES = new Set([400, 403, 404, 405, 410, 413, 415, 422]);

/** An access token for some scopes, by client credentials with our signed assertion (RFC 7523), cached until expiry. */
export async function accessToken(
  db: Db,
  platform: PlatformRow,
  scopes: string[],
  now = Date.now(),
): Promise<string> {
  const cacheKey = `${platform.id} ${scopes.join(' ')}`;
  const cached = tokens.get(cacheKey);
  if (cached && cached.expiresAt > now) return cached.token;
  const assertion = await signWithToolKey(
    db,
    { iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl },
    '5m',
  );
  const response = await fetch(platform.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopes.join(' '),
    }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => null)) as {
    access_token?: unknown;
    expires_in?: unknown;
  } | null;
  if (!response.ok || typeof body?.access_token !== 'string') {
    throw new PlatformError(`token endpoint answered ${response.status}`);
  }
  const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  // A minute's margin so a token never expires between the cache check and the platform's.
  tokens.set(cacheKey, { token: body.access_token, expiresAt: now + Math.max(0, lifetime - 60) * 1000 });
  return body.access_token;
}

/** Posts a score to a line item (AGS). Throws PlatformError when the platform refuses or cannot be reached. */
export async function postScore(
  db: Db,
  platform: PlatformRow,
  lineItemUrl: string,
  score: object,
): Promise<void> {
  const post = async () =>
    fetch(scoresUrl(lineItemUrl), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await accessToken(db, platform, [SCOPE.score])}`,
        'Content-Type': SCORE_CONTENT_TYPE,
      },
      body: JSON.stringify(score),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  let response = await post();
  // A 401 is a token the platform no longer takes (revoked, or its clock): one retry at once with a new token.
  if (response.status === 401) {
    tokens.delete(`${platform.id} ${SCOPE.score}`);
    response = await post();
    if (response.status === 401) tokens.delete(`${platform.id} ${SCOPE.score}`);
  }
  if (!response.ok) {
    // The platform's own words explain a refusal for good on the dashboard (a deleted column, a refused score).
    const detail = PERMANENT_STATUSES.has(response.status)
      ? (await response.text().catch(() => '')).slice(0, 200)
      : '';
    throw new PlatformError(
      `score post answered ${response.status}${detail ? `: ${detail}` : ''}`,
      response.status,
    );
  }
}

const MAX_ROSTER_PAGES = 100;

/**
 * A course's members from Names and Role Provisioning, following `Link: <...>; rel="next"` pages. Members the
 * platform describes in a shape we cannot read are skipped rather than failing the whole roster.
 */
export async function fetchMemberships(
  db: Db,
  platform: PlatformRow,
  url: string,
): Promise<z.infer<typeof membershipSchema>[]> {
  const token = await accessToken(db, platform, [SCOPE.membershipReadonly]);
  const members: z.infer<typeof membershipSchema>[] = [];
  let next: string | null = url;
  for (let page = 0; next && page < MAX_ROSTER_PAGES; page++) {
    const response: Response = await fetch(next, {
      headers: { Authorization: `Bearer ${token}`, Accept: MEMBERSHIPS_CONTENT_TYPE },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401) tokens.delete(`${platform.id} ${SCOPE.membershipReadonly}`);
    if (!response.ok) throw new PlatformError(`memberships answered ${response.status}`);
    const container = membershipContainerSchema.safeParse(await response.json().catch(() => null));
    if (!container.success) throw new PlatformError('memberships answered an unreadable container');
    for (const raw of container.data.members) {
      const member = membershipSchema.safeParse(raw);
      if (member.success) members.push(member.data);
    }
    const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('Link') ?? '');
    next = link ? new URL(link[1]!, next).toString() : null;
  }
  return members;
}
