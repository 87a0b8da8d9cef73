import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  accountForLtiUser,
  adoptFirstDeployment,
  consumeRegistrationCode,
  createRegistrationCode,
  assignmentForResourceLink,
  cohortForContext,
  consumeHandoff,
  consumeDeepLink,
  consumeLoginState,
  createDeepLink,
  publishedScenarios,
  contextOfCohort,
  createHandoff,
  createLoginState,
  deletePlatform,
  enrol,
  gradePostsOf,
  insertPlatform,
  listPlatforms,
  platformById,
  platformDto,
  platformsFor,
  taughtAssignmentLink,
  setGradeFigure,
} from '../db/queries/lti';
import { publishedVersion, scenarioOfVersion } from '../db/queries/runs';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';
import { NO_PASSWORD } from '../lib/passwords';
import { createRouter } from '../lib/router';
import { randomToken, sha256Hex } from '../lib/tokens';
import {
  CLAIM,
  deepLinkingResponse,
  displayNameOf,
  scenarioOfLink,
  teachesContext,
  type LaunchClaims,
} from '../lti/claims';
import { publicJwks, rotateKey, signWithToolKey } from '../lti/keys';
import { syncRoster } from '../lti/roster';
import { PlatformError } from '../lti/services';
import { requireTeaching } from '../db/queries/cohorts';
import { LaunchRefusal, verifyLaunch } from '../lti/launch';
import {
  deepLinkPickerPage,
  deepLinkReturnPage,
  openInNewWindowPage,
  refusalPage,
  registeredPage,
} from '../lti/pages';
import { registerWithPlatform } from '../lti/registration';
import { requireUser, startSession } from '../middleware/auth';
import type { SessionUser } from '../db/queries/sessions';
import type { Db } from '../db';
import { errorResponses, errorSchema, jsonBody, jsonResponse } from '../schemas/common';
import {
  cohortIdParams,
  continueQuerySchema,
  deepLinkFormSchema,
  lmsCourseSchema,
  rosterSyncSchema,
  gradingSchema,
  jwksSchema,
  launchFormSchema,
  loginParamsSchema,
  ltiAssignmentParams,
  platformIdParams,
  platformInputSchema,
  platformSchema,
  registerQuerySchema,
  registrationUrlSchema,
  setGradeFigureSchema,
} from '../schemas/lti';
import { z } from '@hono/zod-openapi';

/** The two paths an LMS posts to from its own origin; the CSRF check skips exactly these (api/app.ts). */
export const LTI_CROSS_SITE_PATHS = new Set(['/api/lti/login', '/api/lti/launch']);

const LOGIN_TTL_MS = 10 * 60_000;
const HANDOFF_TTL_MS = 2 * 60_000;
const DEEP_LINK_TTL_MS = 30 * 60_000;
const REGISTRATION_TTL_MS = 60 * 60_000;
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

const jwksRoute = createRoute({
  method: 'get',
  path: '/jwks',
  tags: ['LTI'],
  summary: 'Our public keys (JWKS), with which platforms verify our client-credentials assertions',
  responses: { 200: jsonResponse(jwksSchema, 'The JWKS.') },
});
const listPlatformsRoute = createRoute({
  method: 'get',
  path: '/platforms',
  tags: ['LTI'],
  summary: 'Registered LMS platforms (admin)',
  middleware: [requireUser('admin')] as const,
  responses: { 200: jsonResponse(z.array(platformSchema), 'Platforms.'), ...errorResponses(401, 403) },
});
const addPlatformRoute = createRoute({
  method: 'post',
  path: '/platforms',
  tags: ['LTI'],
  summary: 'Register an LMS platform by hand (admin)',
  middleware: [requireUser('admin')] as const,
  request: { body: jsonBody(platformInputSchema) },
  responses: { 201: jsonResponse(platformSchema, 'The platform.'), ...errorResponses(400, 401, 403, 409) },
});
const removePlatformRoute = createRoute({
  method: 'delete',
  path: '/platforms/{id}',
  tags: ['LTI'],
  summary: 'Remove a platform (admin): its launches stop; accounts and cohorts made by it stay',
  middleware: [requireUser('admin')] as const,
  request: { params: platformIdParams },
  responses: { 204: { description: 'Removed.' }, ...errorResponses(400, 401, 403, 404) },
});
const rotateKeyRoute = createRoute({
  method: 'post',
  path: '/keys/rotate',
  tags: ['LTI'],
  summary: 'Replace our signing key (admin); the previous key stays published until the next rotation',
  middleware: [requireUser('admin')] as const,
  responses: {
    200: jsonResponse(z.object({ kid: z.string() }), 'The new key id.'),
    ...errorResponses(401, 403),
  },
});
const gradingRoute = createRoute({
  method: 'get',
  path: '/assignments/{id}/grading',
  tags: ['LTI'],
  summary:
    "An assignment's LMS grading (null without an LMS link): grade figure and grade posts (its instructors)",
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: ltiAssignmentParams },
  responses: {
    200: jsonResponse(gradingSchema.nullable(), 'Grading, or null.'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const setGradingRoute = createRoute({
  method: 'put',
  path: '/assignments/{id}/grading',
  tags: ['LTI'],
  summary: 'Choose which figure is the grade: score, historical alignment or completion (its instructors)',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: ltiAssignmentParams, body: jsonBody(setGradeFigureSchema) },
  responses: { 200: jsonResponse(gradingSchema, 'Grading.'), ...errorResponses(400, 401, 403, 404) },
});

const registrationUrlRoute = createRoute({
  method: 'post',
  path: '/registrations',
  tags: ['LTI'],
  summary: 'Make a single-use dynamic-registration URL to paste into an LMS (admin; valid for an hour)',
  middleware: [requireUser('admin')] as const,
  responses: { 201: jsonResponse(registrationUrlSchema, 'The URL.'), ...errorResponses(401, 403) },
});

const lmsCohortRoute = createRoute({
  method: 'get',
  path: '/cohorts/{id}',
  tags: ['LTI'],
  summary: 'The LMS course behind a cohort (null if none): its platform and roster sync (its instructors)',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortIdParams },
  responses: {
    200: jsonResponse(lmsCourseSchema.nullable(), 'The course, or null.'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const syncRosterRoute = createRoute({
  method: 'post',
  path: '/cohorts/{id}/roster',
  tags: ['LTI'],
  summary: "Sync a cohort's roster from its LMS course (Names and Role Provisioning; its instructors)",
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortIdParams },
  responses: {
    200: jsonResponse(rosterSyncSchema, 'Synced.'),
    ...errorResponses(400, 401, 403, 404),
    424: {
      description: 'The LMS refused or could not be reached.',
      content: { 'application/json': { schema: errorSchema } },
    },
  },
});

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
  if (!(await consumeRegistrationCode(c.var.db, await sha256Hex(parsed.data.code)))) {
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
    if (!row) return refusalPage(c, 409, 'platform_exists', 'This LMS and client id are already registered.');
    return registeredPage(c, row.name, input.deploymentIds.length > 0);
  } catch (error) {
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

/** The LMS course of a cohort the caller teaches; 404 for others' cohorts and cohorts not made by a launch. */
async function lmsCourse(db: Db, cohortId: string, user: SessionUser) {
  await requireTeaching(db, cohortId, user);
  const context = await contextOfCohort(db, cohortId);
  if (!context) return null;
  return {
    platform: context.platform.name,
    roster: context.membershipsUrl !== null,
    rosterSyncedAt: context.rosterSyncedAt?.getTime() ?? null,
  };
}

/**
 * An assignment's grading, for one of its instructors: null when it has no LMS link; 404 for anyone who does not
 * teach it (so a page can ask about any assignment it shows without a failed request).
 */
async function grading(db: Db, assignmentId: string, user: SessionUser) {
  const link = await taughtAssignmentLink(db, assignmentId, user);
  if (!link) throw new ApiError(404, 'not_found', 'No assignment of yours with this id.');
  if (!link.gradeFigure) return null;
  const posts = await gradePostsOf(db, assignmentId);
  return {
    gradeFigure: link.gradeFigure,
    lineItemUrl: link.lineItemUrl,
    posts: posts.map((p) => ({
      ...p,
      nextAttemptAt: p.nextAttemptAt.getTime(),
      sentAt: p.sentAt?.getTime() ?? null,
    })),
  };
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
  if (cohort) await enrol(c.var.db, cohort.id, user.id, teaching ? 'instructor' : 'member');
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
    side,
    dueAt: custom.due ? new Date(custom.due) : null,
    lineItemUrl: ags?.lineitem ?? null,
  });
  if (teaching) return `/teach/${link.cohortId}/assignments/${link.assignmentId}`;
  return `/scenarios/${custom.scenario}?assignment=${link.assignmentId}${link.side ? `&side=${link.side}` : ''}`;
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
    const teaching = teachesContext(claims[CLAIM.roles]);
    const user = await accountForLtiUser(c.var.db, {
      platformId: platform.id,
      sub: claims.sub,
      displayName: displayNameOf(claims),
      role: teaching ? 'instructor' : 'student',
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

export const ltiRoutes = createRouter()
  .openapi(jwksRoute, async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await publicJwks(c.var.db), 200);
  })
  .openapi(listPlatformsRoute, async (c) => c.json((await listPlatforms(c.var.db)).map(platformDto), 200))
  .openapi(addPlatformRoute, async (c) => {
    const row = await insertPlatform(c.var.db, c.req.valid('json'));
    if (!row)
      throw new ApiError(
        409,
        'platform_exists',
        'A platform with this issuer and client id is already registered.',
      );
    return c.json(platformDto(row), 201);
  })
  .openapi(removePlatformRoute, async (c) => {
    if (!(await deletePlatform(c.var.db, c.req.valid('param').id)))
      throw new ApiError(404, 'not_found', 'No such platform.');
    return c.body(null, 204);
  })
  .openapi(registrationUrlRoute, async (c) => {
    const code = randomToken();
    const expiresAt = new Date(Date.now() + REGISTRATION_TTL_MS);
    await createRegistrationCode(c.var.db, {
      id: await sha256Hex(code),
      createdBy: c.var.user.id,
      expiresAt,
    });
    return c.json(
      { url: `${new URL(c.req.url).origin}/api/lti/register?code=${code}`, expiresAt: expiresAt.getTime() },
      201,
    );
  })
  .openapi(lmsCohortRoute, async (c) =>
    c.json(await lmsCourse(c.var.db, c.req.valid('param').id, c.var.user), 200),
  )
  .openapi(syncRosterRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await lmsCourse(c.var.db, id, c.var.user)))
      throw new ApiError(404, 'not_found', 'This cohort is not an LMS course.');
    try {
      const synced = (await syncRoster(c.var.db, id))!;
      return c.json({ ...synced, ...(await lmsCourse(c.var.db, id, c.var.user))! }, 200);
    } catch (error) {
      if (error instanceof PlatformError)
        throw new ApiError(424, 'lms_unavailable', `The roster could not be fetched: ${error.message}.`);
      throw error;
    }
  })
  .openapi(rotateKeyRoute, async (c) => c.json({ kid: await rotateKey(c.var.db) }, 200))
  .openapi(gradingRoute, async (c) =>
    c.json(await grading(c.var.db, c.req.valid('param').id, c.var.user), 200),
  )
  .openapi(setGradingRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await grading(c.var.db, id, c.var.user)))
      throw new ApiError(404, 'not_found', 'This assignment is not linked from an LMS.');
    await setGradeFigure(c.var.db, id, c.req.valid('json').gradeFigure);
    return c.json((await grading(c.var.db, id, c.var.user))!, 200);
  })
  // Browser-facing: the LMS's login and launch, and the new-window continuation. They answer pages, not JSON.
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

// The browser-facing endpoints answer pages, so they are plain routes; api/app.ts still describes them in the document.
const page = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const form = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/x-www-form-urlencoded': { schema } } },
});
const pageResponses = {
  200: page('A page.'),
  302: { description: 'To the LMS.' },
  303: { description: 'Into Crisis Desk.' },
  400: page('A refusal page with its code.'),
  401: page('A refusal page with its code.'),
  403: page('A refusal page with its code.'),
};
export const ltiBrowserPaths = [
  {
    method: 'get',
    path: '/lti/login',
    summary: 'OIDC third-party-initiated login from the LMS; redirects to its authorisation endpoint',
    request: { query: loginParamsSchema },
  },
  {
    method: 'post',
    path: '/lti/login',
    summary: 'OIDC third-party-initiated login from the LMS (form post)',
    request: form(loginParamsSchema),
  },
  {
    method: 'post',
    path: '/lti/launch',
    summary: "The LMS's form post of the id_token (resource link or deep-linking request)",
    request: form(launchFormSchema),
  },
  {
    method: 'get',
    path: '/lti/continue',
    summary: 'Continue a launch from an LMS iframe in a new window (single-use code)',
    request: { query: continueQuerySchema },
  },
  {
    method: 'post',
    path: '/lti/deep-link',
    summary: "The deep-linking picker's choice; answers the signed response for the LMS",
    request: form(deepLinkFormSchema),
  },
  {
    method: 'get',
    path: '/lti/register',
    summary: 'LTI Dynamic Registration, opened by the LMS with the URL an admin made',
    request: { query: registerQuerySchema },
  },
].map((p) => ({ ...p, method: p.method as 'get' | 'post', tags: ['LTI'], responses: pageResponses }));
