/** Verifying an LTI 1.3 launch's id_token: signature, issuer, audience, times, nonce, deployment and message. */
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { PlatformRow } from '../db/queries/lti';
import { CLAIM, launchClaimsSchema, type LaunchClaims } from './claims';

/** A refused launch: shown to the person as a page, never signing anyone in. */
export class LaunchRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// One remote key set per JWKS URL and isolate: jose caches the keys and fetches again when a token names an
// unknown kid (at most once per cooldown, so forged kids cannot make us hammer the platform).
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const keySetOf = (url: string) => {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), {
      cooldownDuration: 5_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 5_000,
    });
    keySets.set(url, set);
  }
  return set;
};

/** How old an id_token may be (its iat) and the clock difference we tolerate. */
const MAX_TOKEN_AGE = '10m';
const CLOCK_TOLERANCE_S = 60;

/**
 * Verifies an id_token for the platform the login state belongs to and returns its claims, or throws LaunchRefusal.
 * @example const claims = await verifyLaunch(idToken, platform, login.nonce)
 */
export async function verifyLaunch(
  idToken: string,
  platform: PlatformRow,
  nonce: string,
): Promise<LaunchClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(idToken, keySetOf(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384'],
      maxTokenAge: MAX_TOKEN_AGE,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
    }));
  } catch (error) {
    throw refusalOf(error);
  }
  // With several audiences the token must name us as its authorized party (OIDC Core 3.1.3.7).
  const aud = payload.aud;
  if (
    (Array.isArray(aud) && aud.length > 1 && payload.azp === undefined) ||
    (payload.azp !== undefined && payload.azp !== platform.clientId)
  ) {
    throw new LaunchRefusal(401, 'wrong_azp', 'The launch was issued for another tool (azp).');
  }
  if (payload.nonce !== nonce)
    throw new LaunchRefusal(
      401,
      'wrong_nonce',
      'The launch does not match the sign-in that started it (nonce).',
    );
  const deploymentId = payload[CLAIM.deploymentId];
  if (typeof deploymentId !== 'string' || deploymentId === '') {
    throw new LaunchRefusal(400, 'missing_deployment', 'The launch names no deployment (deployment_id).');
  }
  const known = JSON.parse(platform.deploymentIds) as string[];
  // A platform registered dynamically before it was installed has none yet: its first launch names it (routes/lti-launch.ts).
  if (known.length > 0 && !known.includes(deploymentId)) {
    throw new LaunchRefusal(
      403,
      'unknown_deployment',
      `Deployment "${deploymentId}" of this LMS is not registered here.`,
    );
  }
  if (payload[CLAIM.version] !== '1.3.0')
    throw new LaunchRefusal(400, 'wrong_version', 'Only LTI 1.3.0 launches are accepted.');
  const parsed = launchClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join('.').replace(LTI_PREFIX, '');
    const code = issue.path[0] === CLAIM.messageType ? 'unsupported_message' : 'invalid_claims';
    throw new LaunchRefusal(400, code, `The launch's claims are not valid (${where}: ${issue.message}).`);
  }
  return parsed.data;
}

const LTI_PREFIX = 'https://purl.imsglobal.org/spec/';

function refusalOf(error: unknown): LaunchRefusal {
  if (error instanceof errors.JWTExpired)
    return new LaunchRefusal(401, 'token_expired', 'The launch has expired; launch again from your course.');
  if (error instanceof errors.JWKSNoMatchingKey)
    return new LaunchRefusal(401, 'unknown_key', 'The launch is signed with a key the LMS does not publish.');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new LaunchRefusal(401, 'bad_signature', "The launch's signature does not verify.");
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim === 'aud' ? 'audience' : error.claim === 'iss' ? 'issuer' : error.claim;
    return new LaunchRefusal(
      401,
      `wrong_${error.claim}`,
      `The launch's ${claim} is not valid: ${error.message}.`,
    );
  }
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    return new LaunchRefusal(
      401,
      'keys_unavailable',
      "The LMS's keys could not be fetched to verify the launch; try again.",
    );
  }
  return new LaunchRefusal(401, 'invalid_token', "The launch's token is not valid.");
}
