import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  adoptFirstDeployment,
  consumeRegistrationCode,
  restoreRegistrationCode,
  insertPlatform,
  platformById,
  platformsFor,
} from '../db/queries/lti';
import {
  accountForLtiUser,
  assignmentForResourceLink,
  cohortForContext,
  consumeDeepLink,
  consumeHandoff,
  consumeLoginState,
  createDeepLink,
  createHandoff,
  createLoginState,
  existingCohortOfContext,
  existingLtiAccount,
  setCourseRole,
  publishedScenarios,
} from '../db/queries/lti-launch';
import { publishedVersion, scenarioOfVersion } from '../db/queries/runs';
import type { SessionUser } from '../db/queries/sessions';
import type { AppEnv } from '../env';
import { NO_PASSWORD } from '../lib/passwords';
import { createRouter } from '../lib/router';
import { randomToken, sha256Hex } from '../lib/tokens';
import {
  CLAIM,
  deepLinkingResponse,
  displayNameOf,
  scenarioOfLink,
  courseRoleOf,
  type LaunchClaims,
} from '../lti/claims';
import { signWithToolKey } from '../lti/keys';
import { syncRoster } from '../lti/roster';
import { PlatformError } from '../lti/services';
import { LaunchRefusal, verifyLaunch } from '../lti/launch';
import {
  deepLinkPickerPage,
  deepLinkReturnPage,
  openInNewWindowPage,
  refusalPage,
  registeredPage,
} from '../lti/pages';
import { registerWithPlatform } from '../lti/registration';
import { startSession } from '../middleware/auth';
import { clientAddress } from '../middleware/rate-limit';
import { bumpCounter } from '../db/queries/rate-limits';
import {
  continueQuerySchema,
  deepLinkFormSchema,
  launchFormSchema,
  loginParamsSchema,
  registerQuerySchema,
} from '../schemas/lti';

/** The two paths an LMS posts to from its own origin; the CSRF check skips exactly these (api/app.ts). */
export const LTI_CROSS_SITE_PATHS = new Set(['/api/lti/login', '/api/lti/launch']);

const LOGIN_TTL_MS = 10 * 60_000;
/** Logins one address may start per window (api/middleware/rate-limit.ts's counters). */
const LOGIN_LIMIT = 300;
const LOGIN_WINDOW_MS = 60_000;
const HANDOFF_TTL_MS = 2 * 60_000;
const DEEP_LINK_TTL_MS = 30 * 60_000;
// One cookie per login, so two tool links launching at once on one LMS page do not overwrite each other's.
const stateCookie = (state: string) => `__Host-cd-lti-${state}`;
// The login and the launch happen in the LMS's iframe, a third-party context: only a SameSite=None cookie is sent
// back with the platform's cross-site form post, and Partitioned (CHIPS) lets browsers that block third-party
// cookies keep it for this LMS alone.
const stateCookieOptions = {
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'None',
  partitioned: true,
  maxAge: LOGIN_TTL_MS / 1000,
} as const;

/**
 * Dynamic registration, opened by the LMS (often in an iframe, where our session cookie is not sent): the admin's
 * single-use code in the URL stands in for the admin.
 */
async function register(c: Context<AppEnv>) {
  const parsed = registerQuerySchema.safeParse(c.req.query());
  if (!parsed.success)
    return refusalPage(
      c,
      400,
      'invalid_registration',
      'The LMS did not send openid_configuration, or the URL lost its code.',
    );
  // Taken at once, so two tabs cannot register twice with one code; given back if the registration fails.
  const code = await consumeRegistrationCode(c.var.db, await sha256Hex(parsed.data.code));
  if (!code) {
    return refusalPage(
      c,
      401,
      'expired_registration',
      'This registration URL was already used or has expired; make a new one on the LMS platforms page.',
    );
  }
  try {
    const input = await registerWithPlatform({
      origin: new URL(c.req.url).origin,
      configurationUrl: parsed.data.openid_configuration,
      registrationToken: parsed.data.registration_token,
    });
    const row = await insertPlatform(c.var.db, input);
    if (!row) {
      await restoreRegistrationCode(c.var.db, code);
      return refusalPage(c, 409, 'platform_exists', 'This LMS and client id are already registered.');
    }
    return registeredPage(c, row.name, input.deploymentIds.length > 0);
  } catch (error) {
    await restoreRegistrationCode(c.var.db, code);
    if (error instanceof PlatformError)
      return refusalPage(
        c,
        400,
        'registration_failed',
        `The LMS did not complete the registration: ${error.message}.`,
      );
    throw error;
  }
}

/** OIDC third-party-initiated login: check the platform, remember state and nonce, send the browser to the LMS. */
async function login(c: Context<AppEnv>, params: unknown) {
  const parsed = loginParamsSchema.safeParse(params);
  if (!parsed.success)
    return refusalPage(
      c,
      400,
      'invalid_login',
      'The LMS sent an incomplete login request (iss, login_hint and target_link_uri are required).',
    );
  const input = parsed.data;
  const platforms = await platformsFor(c.var.db, input.iss, input.client_id);
  if (platforms.length === 0)
    return refusalPage(
      c,
      403,
      'unregistered_platform',
      `This LMS (${input.iss}) is not registered with Crisis Desk.`,
    );
  if (platforms.length > 1)
    return refusalPage(
      c,
      400,
      'ambiguous_client',
      'Several tools of this LMS are registered here; the LMS must send client_id.',
    );
  const platform = platforms[0]!;
  const origin = new URL(c.req.url).origin;
  if (new URL(input.target_link_uri).origin !== origin)
    return refusalPage(c, 400, 'foreign_target', 'The launch names a target outside Crisis Desk.');
  // Each login stores a row for ten minutes: a cap per address keeps anonymous callers from filling D1, set well
  // above a lecture hall behind one address launching at once.
  const now = Date.now();
  const [counter] = await bumpCounter(c.var.db, `lti-login:ip:${clientAddress(c)}`, LOGIN_WINDOW_MS, now);
  if (counter && counter.count > LOGIN_LIMIT) {
    const retryAfter = Math.max(1, Math.ceil((counter.windowStart + LOGIN_WINDOW_MS - now) / 1000));
    c.header('Retry-After', String(retryAfter));
    return refusalPage(
      c,
      429,
      'rate_limited',
      `Too many LMS logins from your network just now; wait ${retryAfter} seconds and open the link again.`,
    );
  }
  const state = randomToken();
  const nonce = randomToken();
  await createLoginState(c.var.db, {
    state,
    platformId: platform.id,
    nonce,
    expiresAt: new Date(Date.now() + LOGIN_TTL_MS),
  });
  setCookie(c, stateCookie(state), '1', stateCookieOptions);
  const auth = new URL(platform.authUrl);
  const query = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: `${origin}/api/lti/launch`,
    login_hint: input.login_hint,
    state,
    nonce,
    ...(input.lti_message_hint ? { lti_message_hint: input.lti_message_hint } : {}),
  };
  for (const [name, value] of Object.entries(query)) auth.searchParams.set(name, value);
  return c.redirect(auth.toString(), 302);
}

/** A deep-linking request from a course's instructor: the picker, holding the request under a single-use code. */
async function deepLinkPicker(
  c: Context<AppEnv>,
  platformId: string,
  claims: LaunchClaims,
  teaching: boolean,
) {
  const settings = claims[CLAIM.deepLinkingSettings];
  if (!settings)
    throw new LaunchRefusal(400, 'invalid_claims', 'The deep-linking request has no deep_linking_settings.');
  if (!settings.accept_types.includes('ltiResourceLink'))
    throw new LaunchRefusal(400, 'unsupported_content', 'The LMS does not accept LTI resource links here.');
  if (!teaching)
    throw new LaunchRefusal(
      403,
      'not_instructor',
      "Only the course's instructors add Crisis Desk scenarios.",
    );
  const code = randomToken();
  await createDeepLink(c.var.db, {
    id: await sha256Hex(code),
    platformId,
    deploymentId: claims[CLAIM.deploymentId],
    returnUrl: settings.deep_link_return_url,
    data: settings.data ?? null,
    expiresAt: new Date(Date.now() + DEEP_LINK_TTL_MS),
  });
  const options = (await publishedScenarios(c.var.db)).flatMap((row) => {
    const scenario = scenarioOfVersion(row);
    return [
      { value: row.slug, label: `${scenario.title}: the student chooses a side` },
      ...scenario.sides
        .filter((s) => s.playable)
        .map((s) => ({ value: `${row.slug}:${s.id}`, label: `${scenario.title}: as ${s.label}` })),
    ];
  });
  return deepLinkPickerPage(c, code, options);
}

/** The instructor's pick: a signed LtiDeepLinkingResponse posted back to the LMS. */
async function deepLinkReturn(c: Context<AppEnv>) {
  const parsed = deepLinkFormSchema.safeParse(await c.req.parseBody().catch(() => ({})));
  if (!parsed.success)
    return refusalPage(c, 400, 'invalid_pick', 'Choose a scenario (and a valid due date, if any).');
  const [slug, sideId] = parsed.data.pick.split(':') as [string, string | undefined];
  // The picker runs without a session of ours (it sits in the LMS's iframe), so it offers public scenarios only.
  const published = await publishedVersion(c.var.db, slug, null);
  const scenario = published && scenarioOfVersion(published);
  const side = sideId ? scenario?.sides.find((s) => s.id === sideId && s.playable) : undefined;
  if (!scenario || (sideId && !side))
    return refusalPage(c, 400, 'unknown_scenario', 'That scenario or side is not published here.');
  const request = await consumeDeepLink(c.var.db, await sha256Hex(parsed.data.code));
  if (!request)
    return refusalPage(
      c,
      401,
      'expired_pick',
      'This choice was already sent or has expired; start again from your course.',
    );
  // A due date is the end of that day, UTC.
  const due = parsed.data.due ? new Date(`${parsed.data.due}T23:59:59Z`) : null;
  const claims = deepLinkingResponse({
    deploymentId: request.deploymentId,
    data: request.data,
    launchUrl: `${new URL(c.req.url).origin}/api/lti/launch`,
    scenario: { slug, title: scenario.title },
    side: side ? { id: side.id, label: side.label } : null,
    due,
  });
  const jwt = await signWithToolKey(
    c.var.db,
    { ...claims, iss: request.platform.clientId, aud: request.platform.issuer, nonce: randomToken() },
    '5m',
  );
  return deepLinkReturnPage(c, request.returnUrl, jwt);
}

/** Where a verified launch takes its user: the assignment for a student, its results for an instructor. */
async function landing(
  c: Context<AppEnv>,
  platformId: string,
  claims: LaunchClaims,
  user: Pick<SessionUser, 'id' | 'role'>,
  teaching: boolean,
): Promise<string> {
  const context = claims[CLAIM.context];
  const cohort = context
    ? await cohortForContext(c.var.db, {
        platformId,
        contextId: context.id,
        title: (context.title || context.label || 'LMS course').slice(0, 120),
        createdBy: user.id,
        membershipsUrl: claims[CLAIM.nrps]?.context_memberships_url ?? null,
      })
    : null;
  // The latest launch decides the user's place in this course's cohort, and nowhere else.
  if (cohort) await setCourseRole(c.var.db, cohort.id, user.id, teaching ? 'instructor' : 'member');
  // An instructor's launch brings the roster up to date, so the dashboard lists students who have not started.
  if (cohort && teaching && claims[CLAIM.nrps])
    c.executionCtx.waitUntil(syncRoster(c.var.db, cohort.id).catch(() => undefined));
  const custom = scenarioOfLink(claims);
  if (!custom?.scenario) return teaching ? (cohort ? `/teach/${cohort.id}` : '/teach') : '/progress';
  const published = await publishedVersion(c.var.db, custom.scenario, user);
  if (!published)
    throw new LaunchRefusal(
      400,
      'unknown_scenario',
      `This link opens the scenario "${custom.scenario}", which is not published here.`,
    );
  const side = custom.side ?? null;
  if (side && !scenarioOfVersion(published).sides.some((s) => s.id === side)) {
    throw new LaunchRefusal(400, 'unknown_side', `The scenario "${custom.scenario}" has no side "${side}".`);
  }
  if (!cohort) return `/scenarios/${custom.scenario}${side ? `?side=${side}` : ''}`;
  const resourceLink = claims[CLAIM.resourceLink];
  if (!resourceLink) throw new LaunchRefusal(400, 'invalid_claims', 'The launch names no resource link.');
  const ags = claims[CLAIM.ags];
  const link = await assignmentForResourceLink(c.var.db, {
    platformId,
    resourceLinkId: resourceLink.id,
    cohortId: cohort.id,
    scenarioVersionId: published.id,
    slug: custom.scenario,
    side,
    dueAt: custom.due ? new Date(custom.due) : null,
    lineItemUrl: ags?.lineitem ?? null,
  });
  if (teaching) return `/teach/${link.cohortId}/assignments/${link.assignmentId}`;
  return `/scenarios/${custom.scenario}?assignment=${link.assignmentId}${link.side ? `&side=${link.side}` : ''}`;
}

/**
 * A launch by a mentor (an observer or parent): Crisis Desk shows them nothing, since students' justifications are
 * for the course's instructors. A mentor who was in the course's cohort under another role leaves it (roles follow
 * the latest launch); no account or cohort is created, and nobody is signed in.
 */
async function mentorLaunch(c: Context<AppEnv>, platformId: string, claims: LaunchClaims) {
  const context = claims[CLAIM.context];
  const userId = await existingLtiAccount(c.var.db, platformId, claims.sub);
  const cohortId = context && (await existingCohortOfContext(c.var.db, platformId, context.id));
  if (userId && cohortId) await setCourseRole(c.var.db, cohortId, userId, null);
  return refusalPage(
    c,
    403,
    'mentor_sees_nothing',
    "Crisis Desk does not show students' work to observers or parents; ask the course's instructor.",
  );
}

async function launch(c: Context<AppEnv>) {
  const parsed = launchFormSchema.safeParse(await c.req.parseBody().catch(() => ({})));
  if (!parsed.success)
    return refusalPage(
      c,
      400,
      'invalid_launch',
      'The LMS sent an incomplete launch (id_token and state are required).',
    );
  const { id_token: idToken, state } = parsed.data;
  // The state must come back to the browser that started the login: a launch posted from elsewhere is refused.
  const bound = getCookie(c, stateCookie(state)) !== undefined;
  deleteCookie(c, stateCookie(state), stateCookieOptions);
  const login = await consumeLoginState(c.var.db, state);
  if (!login)
    return refusalPage(
      c,
      401,
      'unknown_state',
      'This launch was already used or has expired; launch again from your course.',
    );
  if (!bound) {
    return refusalPage(
      c,
      403,
      'state_cookie_missing',
      'Your browser did not keep the launch cookie. Allow cookies for Crisis Desk, or ask your LMS administrator to open the tool in a new window.',
    );
  }
  const platform = await platformById(c.var.db, login.platformId);
  if (!platform)
    return refusalPage(c, 403, 'unregistered_platform', 'This LMS is no longer registered with Crisis Desk.');
  try {
    const claims = await verifyLaunch(idToken, platform, login.nonce);
    if (platform.deploymentIds === '[]')
      await adoptFirstDeployment(c.var.db, platform.id, claims[CLAIM.deploymentId]);
    const courseRole = courseRoleOf(claims[CLAIM.roles]);
    if (courseRole === 'mentor') return await mentorLaunch(c, platform.id, claims);
    const teaching = courseRole === 'teacher';
    const user = await accountForLtiUser(c.var.db, {
      platformId: platform.id,
      sub: claims.sub,
      displayName: displayNameOf(claims),
      passwordHash: NO_PASSWORD,
    });
    if (claims[CLAIM.messageType] === 'LtiDeepLinkingRequest')
      return await deepLinkPicker(c, platform.id, claims, teaching);
    const target = await landing(c, platform.id, claims, user, teaching);
    // In the LMS's iframe our session cookie (SameSite=Lax, first-party) would be refused: continue in a new window.
    if (c.req.header('Sec-Fetch-Dest') === 'iframe') {
      const code = randomToken();
      await createHandoff(c.var.db, {
        id: await sha256Hex(code),
        userId: user.id,
        target,
        expiresAt: new Date(Date.now() + HANDOFF_TTL_MS),
      });
      return openInNewWindowPage(c, `/api/lti/continue?code=${code}`);
    }
    await startSession(c, user.id);
    return c.redirect(target, 303);
  } catch (error) {
    if (error instanceof LaunchRefusal) return refusalPage(c, error.status, error.code, error.message);
    throw error;
  }
}

/**
 * `/api/lti/...` for browsers: the LMS's login and launch, deep linking, dynamic registration and the new-window
 * continuation. They answer pages, not JSON.
 */
export const ltiLaunchRoutes = createRouter()
  .get('/login', (c) => login(c, c.req.query()))
  .post('/login', async (c) => login(c, await c.req.parseBody().catch(() => ({}))))
  .post('/launch', launch)
  .post('/deep-link', deepLinkReturn)
  .get('/register', register)
  .get('/continue', async (c) => {
    const parsed = continueQuerySchema.safeParse(c.req.query());
    if (!parsed.success)
      return refusalPage(c, 400, 'invalid_code', 'This link is not complete; launch again from your course.');
    const handoff = await consumeHandoff(c.var.db, await sha256Hex(parsed.data.code));
    if (!handoff)
      return refusalPage(
        c,
        401,
        'expired_code',
        'This link was already used or has expired; launch again from your course.',
      );
    await startSession(c, handoff.userId);
    return c.redirect(handoff.target, 303);
  });
