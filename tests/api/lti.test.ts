import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import worker from '../../api/index';
import { createDb } from '../../api/db';
import { signWithToolKey } from '../../api/lti/keys';
import { NO_PASSWORD, verifyPassword } from '../../api/lib/passwords';
import { keyringOf, openSecret } from '../../api/lib/secrets';
import '../platform/lti-provided';
import { cast, Client, ORIGIN, publishShipped, type Reply } from './helpers';

// The LTI tests stay in one file: the platform simulator is one process for the whole run and holds one tool JWKS
// (each test file's Worker has its own keys in its own D1), so LTI files running side by side would break each other.
const platform = inject('ltiPlatform');
const LMS_ORIGIN = platform.url;
const DEPLOYMENT = 'deployment-1';
const LEARNER = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'];
const INSTRUCTOR = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'];
const C = 'https://purl.imsglobal.org/spec/lti/claim/';

let people: Awaited<ReturnType<typeof cast>>;
let platformKey: CryptoKey;

beforeAll(async () => {
  await publishShipped();
  people = await cast();
  const added = await people.admin.client.api.lti.platforms.$post({
    json: {
      name: 'Simulated Moodle',
      issuer: platform.issuer,
      clientId: platform.clientId,
      authUrl: `${platform.url}/auth`,
      tokenUrl: `${platform.url}/token`,
      jwksUrl: `${platform.url}/jwks`,
      deploymentIds: [DEPLOYMENT],
    },
  });
  expect(added.status).toBe(201);
  // The platform learns our public keys as an LMS administrator would (pasting our JWKS URL).
  const jwks = await people.admin.client.api.lti.jwks.$get();
  await fetch(`${platform.url}/sim/tool-jwks`, { method: 'POST', body: JSON.stringify(jwks.body) });
  platformKey = (await importJWK(platform.privateJwk, 'RS256')) as CryptoKey;
});

type Login = { client: Client; state: string; nonce: string; redirect: URL };

/** The LMS starts a launch: the browser comes to our login and is sent to the platform's authorisation endpoint. */
async function login(client = new Client(), params: Record<string, string> = {}): Promise<Login> {
  const query = new URLSearchParams({
    iss: platform.issuer,
    login_hint: 'hint-1',
    target_link_uri: `${ORIGIN}/api/lti/launch`,
    client_id: platform.clientId,
    lti_message_hint: 'message-hint',
    ...params,
  });
  const reply = await client.call('GET', `/api/lti/login?${query.toString()}`);
  expect(reply.status, reply.text).toBe(302);
  const redirect = new URL(reply.headers.get('Location')!);
  return {
    client,
    state: redirect.searchParams.get('state')!,
    nonce: redirect.searchParams.get('nonce')!,
    redirect,
  };
}

type Claims = Record<string, unknown>;

/** A launch's id_token as the platform would sign it (tests vary the claims, the key and the header). */
async function idToken(
  nonce: string,
  claims: Claims = {},
  options: { key?: CryptoKey; kid?: string; iat?: number; exp?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const payload: Claims = {
    nonce,
    sub: 'learner-1',
    name: 'Ayesha Khan',
    [`${C}version`]: '1.3.0',
    [`${C}message_type`]: 'LtiResourceLinkRequest',
    [`${C}deployment_id`]: DEPLOYMENT,
    [`${C}target_link_uri`]: `${ORIGIN}/api/lti/launch`,
    [`${C}roles`]: LEARNER,
    [`${C}resource_link`]: { id: 'link-1', title: 'Strikes: Islamabad' },
    [`${C}context`]: { id: 'course-1', title: 'IR 210 Crisis Diplomacy' },
    [`${C}custom`]: { scenario: 'islamabad-48-hours', side: 'islamabad' },
    'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
      scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
      lineitem: `${platform.url}/lineitems/link-1`,
    },
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? platform.kid })
    .setIssuer((claims.iss as string | undefined) ?? platform.issuer)
    .setAudience((claims.aud as string | undefined) ?? platform.clientId)
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 300)
    .sign(options.key ?? platformKey);
}

/** The platform's form post of the id_token to our launch, cross-site from the LMS's origin. */
function postLaunch(
  client: Client,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return client.call('POST', '/api/lti/launch', new URLSearchParams(form).toString(), {
    'Content-Type': 'application/x-www-form-urlencoded',
    Origin: LMS_ORIGIN,
    'Sec-Fetch-Site': 'cross-site',
    ...headers,
  });
}

async function launch(claims: Claims = {}, options: Parameters<typeof idToken>[2] = {}, client?: Client) {
  const started = await login(client);
  const token = await idToken(started.nonce, claims, options);
  const reply = await postLaunch(started.client, { id_token: token, state: started.state });
  return { ...started, token, reply };
}

function expectRefusal(reply: Reply, status: number, code: string) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get('Content-Type')).toMatch(/^text\/html/);
  expect(reply.text).toContain(`<code>${code}</code>`);
  expect(reply.headers.getSetCookie().some((c) => c.startsWith('__Host-cd-session='))).toBe(false);
}

const simState = async () =>
  await (
    await fetch(`${platform.url}/sim/state`)
  ).json<{
    scores: { lineItem: string; contentType: string; body: Record<string, unknown> }[];
    tokenRequests: number;
    jwksFetches: number;
  }>();

describe('LTI platforms and keys', () => {
  it('publishes our public keys, and a rotation keeps the previous key published', async () => {
    const before = await new Client().api.lti.jwks.$get();
    expect(before.status).toBe(200);
    const key = before.body.keys[0]!;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(key.d).toBeUndefined();
    const rotated = await people.admin.client.api.lti.keys.rotate.$post();
    expect(rotated.status).toBe(200);
    const after = (await new Client().api.lti.jwks.$get()).body.keys.map((k: JWK) => k.kid);
    expect(after).toEqual(expect.arrayContaining([key.kid, rotated.body.kid]));
    expect((await people.instructor.client.api.lti.keys.rotate.$post()).status).toBe(403);
    // The platform verifies assertions against the published keys: tell it about the new one.
    await fetch(`${platform.url}/sim/tool-jwks`, {
      method: 'POST',
      body: JSON.stringify((await new Client().api.lti.jwks.$get()).body),
    });
  });

  it('stores our private keys sealed (AES-GCM, a key id beside each), and no API returns them', async () => {
    const ring = await keyringOf(env.SECRETS_KEY, env.SECRETS_KEY_PREVIOUS);
    const { results } = await env.DB.prepare(
      'SELECT kid, private_jwk AS value, private_jwk_key_id AS keyId FROM lti_keys',
    ).all<{ kid: string; value: string; keyId: string | null }>();
    expect(results.length).toBeGreaterThan(0);
    const privates: string[] = [];
    for (const row of results) {
      expect(row.keyId).toBe(ring.current.id);
      expect(row.value).not.toMatch(/"d"|"kty"|RSA/);
      const jwk = JSON.parse((await openSecret(ring, row, `lti_keys:${row.kid}`)).plaintext) as JWK;
      expect(jwk.kid).toBe(row.kid);
      privates.push(jwk.d!, jwk.p!, jwk.q!, row.value);
    }
    const replies = [
      await new Client().api.lti.jwks.$get(),
      await people.admin.client.api.lti.platforms.$get(),
      await people.admin.client.api.xapi.lrs.$get(),
      await people.admin.client.api.users.$get(),
      await people.admin.client.api.health.$get(),
      await people.admin.client.call('GET', '/api/openapi.json'),
    ];
    for (const reply of replies) for (const secret of privates) expect(reply.text).not.toContain(secret);
  });

  it('signs with a key stored in plain text before encryption, and seals it on that use', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `plain-${crypto.randomUUID()}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    const privateJwk = JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'RS256' });
    await env.DB.batch([
      env.DB.prepare("DELETE FROM lti_keys WHERE status = 'retired'"),
      env.DB.prepare("UPDATE lti_keys SET status = 'retired' WHERE status = 'active'"),
      env.DB.prepare(
        "INSERT INTO lti_keys (kid, public_jwk, private_jwk, status, created_at) VALUES (?, ?, ?, 'active', ?)",
      ).bind(kid, JSON.stringify(publicJwk), privateJwk, Date.now()),
    ]);
    const jwt = await signWithToolKey(createDb(env.DB), { sub: 'probe' }, '1m');
    await expect(jwtVerify(jwt, publicKey)).resolves.toBeTruthy();
    const row = await env.DB.prepare(
      'SELECT private_jwk AS value, private_jwk_key_id AS keyId FROM lti_keys WHERE kid = ?',
    )
      .bind(kid)
      .first<{ value: string; keyId: string }>();
    expect(row!.keyId).toBe((await keyringOf(env.SECRETS_KEY)).current.id);
    expect(row!.value).not.toContain('"d"');
    // The platform learns the key that now signs.
    await fetch(`${platform.url}/sim/tool-jwks`, {
      method: 'POST',
      body: JSON.stringify((await new Client().api.lti.jwks.$get()).body),
    });
  });

  it('lets an admin list, add and remove platforms, and nobody else', async () => {
    const input = {
      name: 'Canvas',
      issuer: 'https://canvas.instructure.com',
      clientId: '10000000000001',
      authUrl: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
      tokenUrl: 'https://sso.canvaslms.com/login/oauth2/token',
      jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
      deploymentIds: ['1:abc'],
    };
    const added = await people.admin.client.api.lti.platforms.$post({ json: input });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject(input);
    expect((await people.admin.client.api.lti.platforms.$post({ json: input })).body.error.code).toBe(
      'platform_exists',
    );
    expect(
      (
        await people.admin.client.api.lti.platforms.$post({
          json: {
            ...input,
            clientId: 'x',
            tokenUrl: 'http://evil.example/token',
          },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await people.admin.client.api.lti.platforms.$post({
          json: { ...input, clientId: 'y', deploymentIds: [] },
        })
      ).status,
    ).toBe(400);
    const list = await people.admin.client.api.lti.platforms.$get();
    expect(list.body.map((p: { name: string }) => p.name)).toEqual(['Canvas', 'Simulated Moodle']);
    expect((await people.instructor.client.api.lti.platforms.$get()).status).toBe(403);
    expect((await people.guest.client.api.lti.platforms.$get()).status).toBe(401);
    expect(
      (
        await people.instructor.client.api.lti.platforms[':id'].$delete({
          param: { id: added.body.id },
          query: {},
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await people.admin.client.api.lti.platforms[':id'].$delete({
          param: { id: added.body.id },
          query: {},
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await people.admin.client.api.lti.platforms[':id'].$delete({
          param: { id: added.body.id },
          query: {},
        })
      ).status,
    ).toBe(404);
    expect(
      (await people.admin.client.api.lti.platforms[':id'].$delete({ param: { id: 'not-a-uuid' }, query: {} }))
        .status,
    ).toBe(400);
  });
});

describe('LTI login and launch', () => {
  it('sends the login to the platform with a fresh state and nonce (OIDC form_post)', async () => {
    const { redirect, state, nonce } = await login();
    expect(`${redirect.origin}${redirect.pathname}`).toBe(`${platform.url}/auth`);
    expect(Object.fromEntries(redirect.searchParams)).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${ORIGIN}/api/lti/launch`,
      login_hint: 'hint-1',
      lti_message_hint: 'message-hint',
    });
    expect(state).toMatch(/^[\w-]{40,}$/);
    expect(nonce).toMatch(/^[\w-]{40,}$/);
    expect(nonce).not.toBe(state);
  });

  it('accepts the login as a cross-site form post too', async () => {
    const client = new Client();
    const form = new URLSearchParams({
      iss: platform.issuer,
      login_hint: 'h',
      target_link_uri: `${ORIGIN}/api/lti/launch`,
    });
    const reply = await client.call('POST', '/api/lti/login', form.toString(), {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: LMS_ORIGIN,
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(reply.status).toBe(302);
    // The CSRF exemption is exactly these two paths: other form posts from the LMS's origin are still refused.
    const join = await client.call('POST', '/api/cohorts/join', 'code=ABCDEFGH', {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: LMS_ORIGIN,
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(join.status).toBe(403);
  });

  it('caps the logins one address may start in a minute, with a page and Retry-After, storing nothing more', async () => {
    const address = { 'CF-Connecting-IP': '203.0.113.61' };
    const query = new URLSearchParams({
      iss: platform.issuer,
      login_hint: 'hint-flood',
      target_link_uri: `${ORIGIN}/api/lti/launch`,
      client_id: platform.clientId,
    });
    const call = () => new Client().call('GET', `/api/lti/login?${query.toString()}`, undefined, address);
    for (let batch = 0; batch < 15; batch++) {
      const replies = await Promise.all(Array.from({ length: 20 }, call));
      expect(replies.map((r) => r.status)).toEqual(Array(20).fill(302));
    }
    const rows = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM lti_login_states').first<{ n: number }>())!.n;
    const before = await rows();
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('<code>rate_limited</code>');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await rows()).toBe(before);
    // Another address is not held back.
    expect((await login()).redirect.host).toBe(new URL(platform.url).host);
  }, 60_000);

  it('refuses a login from an unregistered issuer, or with a target elsewhere, with a page', async () => {
    const reply = await new Client().call(
      'GET',
      `/api/lti/login?${new URLSearchParams({ iss: 'https://lms.unknown.example', login_hint: 'h', target_link_uri: `${ORIGIN}/api/lti/launch` }).toString()}`,
    );
    expectRefusal(reply, 403, 'unregistered_platform');
    const foreign = await new Client().call(
      'GET',
      `/api/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'h', target_link_uri: 'https://evil.example/' }).toString()}`,
    );
    expectRefusal(foreign, 400, 'foreign_target');
    expectRefusal(await new Client().call('GET', '/api/lti/login?iss=x'), 400, 'invalid_login');
  });

  it('signs a learner in on first launch and opens the scenario as an assignment of the course cohort', async () => {
    const { client, reply } = await launch();
    expect(reply.status, reply.text).toBe(303);
    const target = new URL(reply.headers.get('Location')!, ORIGIN);
    expect(target.pathname).toBe('/scenarios/islamabad-48-hours');
    expect(target.searchParams.get('side')).toBe('islamabad');
    const assignmentId = target.searchParams.get('assignment')!;
    const me = await client.api.auth.me.$get();
    expect(me.body.user).toMatchObject({ displayName: 'Ayesha Khan', role: 'student' });
    const assigned = await client.api.assignments.$get();
    expect(assigned.body.map((a: { id: string }) => a.id)).toContain(assignmentId);
    const run = await client.api.runs.$post({
      json: {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
        assignmentId,
      },
    });
    expect(run.status).toBe(201);
    // The same LMS user launching again is the same account.
    const again = await launch();
    expect((await again.client.api.auth.me.$get()).body.user!.id).toBe(me.body.user!.id);
  });

  it("takes the scenario from the target link's query when the link has no custom parameters", async () => {
    const { reply } = await launch({
      sub: 'learner-target',
      [`${C}custom`]: undefined,
      [`${C}resource_link`]: { id: 'link-target' },
      [`${C}target_link_uri`]: `${ORIGIN}/api/lti/launch?scenario=islamabad-48-hours&side=islamabad`,
    });
    expect(reply.status, reply.text).toBe(303);
    expect(reply.headers.get('Location')).toMatch(
      /^\/scenarios\/islamabad-48-hours\?assignment=[\w-]+&side=islamabad$/,
    );
    const bare = await launch({
      sub: 'learner-target',
      [`${C}custom`]: undefined,
      [`${C}resource_link`]: { id: 'link-bare' },
    });
    expect(bare.reply.headers.get('Location')).toBe('/progress');
  });

  it('creates LMS accounts with no password, so they sign in only through their LMS', async () => {
    const { client } = await launch({ sub: 'learner-no-password' });
    const me = (await client.api.auth.me.$get()).body.user!;
    const row = await env.DB.prepare('SELECT password_hash FROM users WHERE id = ?')
      .bind(me.id)
      .first<{ password_hash: string }>();
    expect(row!.password_hash).toBe(NO_PASSWORD);
    expect(await verifyPassword('', NO_PASSWORD)).toBe(false);
    expect(await verifyPassword(NO_PASSWORD, NO_PASSWORD)).toBe(false);
    const signIn = await new Client().api.auth.signin.$post({
      json: {
        email: me.email,
        password: 'any long password',
      },
    });
    expect(signIn.status).toBe(401);
  });

  it("makes the course's instructor an instructor of its cohort and opens the assignment's results", async () => {
    await launch({ sub: 'learner-roster' });
    const { client, reply } = await launch({ sub: 'teacher-1', name: 'Dr Farid', [`${C}roles`]: INSTRUCTOR });
    expect(reply.status, reply.text).toBe(303);
    const [, cohortId, assignmentId] = /^\/teach\/([\w-]+)\/assignments\/([\w-]+)$/.exec(
      reply.headers.get('Location')!,
    )!;
    const cohort = await client.api.cohorts[':id'].$get({ param: { id: cohortId! } });
    expect(cohort.status).toBe(200);
    expect(cohort.body.name).toBe('IR 210 Crisis Diplomacy');
    expect(cohort.body.instructors.map((i: { displayName: string }) => i.displayName)).toContain('Dr Farid');
    expect(cohort.body.members.map((m: { displayName: string }) => m.displayName)).toContain('Ayesha Khan');
    expect(
      (
        await client.api.cohorts[':id'].assignments[':assignmentId'].results.$get({
          param: { id: cohortId!, assignmentId: assignmentId! },
        })
      ).status,
    ).toBe(200);
    // The LMS role is this course's: the site role stays the student's (a site role comes only from an admin).
    expect((await client.api.auth.me.$get()).body.user!.role).toBe('student');
  });

  it('continues in a new window when launched inside an iframe, with a single-use link', async () => {
    const started = await login();
    const reply = await postLaunch(
      started.client,
      { id_token: await idToken(started.nonce, { sub: 'learner-iframe' }), state: started.state },
      { 'Sec-Fetch-Dest': 'iframe' },
    );
    expect(reply.status).toBe(200);
    expect(reply.headers.get('Content-Security-Policy')).toContain('frame-ancestors *');
    expect(reply.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(reply.headers.getSetCookie().some((c) => c.startsWith('__Host-cd-session='))).toBe(false);
    const href = /href="(\/api\/lti\/continue\?code=[\w-]+)" target="_blank"/.exec(reply.text)![1]!;
    const window = new Client();
    const opened = await window.get(href);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('Location')).toMatch(/^\/scenarios\/islamabad-48-hours\?assignment=/);
    expect((await window.api.auth.me.$get()).body.user!.displayName).toBe('Ayesha Khan');
    expectRefusal(await new Client().get(href), 401, 'expired_code');
    expectRefusal(
      await new Client().api.lti.continue.$get({ query: { code: 'short' } }),
      400,
      'invalid_code',
    );
  });

  describe('refusals (each a page; nobody is signed in)', () => {
    it('refuses a token with a wrong signature', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      expectRefusal((await launch({}, { key: privateKey })).reply, 401, 'bad_signature');
    });
    it('refuses a token signed with a key the platform does not publish (unknown kid)', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      expectRefusal((await launch({}, { key: privateKey, kid: 'rogue-key' })).reply, 401, 'unknown_key');
    });
    it('refuses an expired token', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      expectRefusal((await launch({}, { iat: past - 60, exp: past })).reply, 401, 'token_expired');
    });
    it('refuses a token for another tool (aud), or with another authorized party (azp)', async () => {
      expectRefusal((await launch({ aud: 'another-tool' })).reply, 401, 'wrong_aud');
      expectRefusal((await launch({ azp: 'another-tool' })).reply, 401, 'wrong_azp');
    });
    it('refuses a token from another issuer than the platform that started the login', async () => {
      expectRefusal((await launch({ iss: 'https://lms.unknown.example' })).reply, 401, 'wrong_iss');
    });
    it('refuses a replayed launch, and an old token on a new login (nonce)', async () => {
      const first = await launch({ sub: 'learner-replay' });
      expect(first.reply.status).toBe(303);
      expectRefusal(
        await postLaunch(first.client, { id_token: first.token, state: first.state }),
        401,
        'unknown_state',
      );
      const fresh = await login(first.client);
      expectRefusal(
        await postLaunch(fresh.client, { id_token: first.token, state: fresh.state }),
        401,
        'wrong_nonce',
      );
    });
    it('refuses a token without a deployment id, or with an unregistered one', async () => {
      expectRefusal((await launch({ [`${C}deployment_id`]: undefined })).reply, 400, 'missing_deployment');
      expectRefusal(
        (await launch({ [`${C}deployment_id`]: 'other-deployment' })).reply,
        403,
        'unknown_deployment',
      );
    });
    it('refuses another LTI version or an unsupported message type', async () => {
      expectRefusal((await launch({ [`${C}version`]: '1.1' })).reply, 400, 'wrong_version');
      expectRefusal(
        (await launch({ [`${C}message_type`]: 'LtiSubmissionReviewRequest' })).reply,
        400,
        'unsupported_message',
      );
    });
    it('refuses a launch posted to a browser that did not start the login (no state cookie)', async () => {
      const started = await login();
      const elsewhere = new Client();
      expectRefusal(
        await postLaunch(elsewhere, { id_token: await idToken(started.nonce), state: started.state }),
        403,
        'state_cookie_missing',
      );
    });
    it('refuses a launch of an unknown scenario or side, and a malformed post', async () => {
      expectRefusal(
        (await launch({ [`${C}custom`]: { scenario: 'no-such-scenario' } })).reply,
        400,
        'unknown_scenario',
      );
      expectRefusal(
        (
          await launch({
            [`${C}resource_link`]: { id: 'link-x' },
            [`${C}custom`]: { scenario: 'islamabad-48-hours', side: 'delhi' },
          })
        ).reply,
        400,
        'unknown_side',
      );
      expectRefusal(await postLaunch(new Client(), { state: 'x' }), 400, 'invalid_launch');
    });
  });
});

/** Waits for something that happens after the response (a grade sent by waitUntil). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function playAssignment(client: Client, assignmentId: string) {
  let reply = await client.api.runs.$post({
    json: {
      scenario: 'islamabad-48-hours',
      side: 'islamabad',
      assignmentId,
    },
  });
  expect(reply.status).toBe(201);
  while (reply.body.view.status === 'deciding') {
    const view = reply.body.view;
    reply = await client.api.runs[':id'].choices.$post({
      param: { id: reply.body.run.id },
      json: {
        step: view.step,
        choiceId: view.decision!.choices[0]!.id,
      },
    });
    expect(reply.status).toBe(200);
  }
  return reply.body.run as { id: string; score: number; historicalAlignment: number };
}

describe('LTI grade passback (AGS)', () => {
  const link = (id: string) => ({
    [`${C}resource_link`]: { id },
    'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
      scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
      lineitem: `${platform.url}/lineitems/${id}`,
    },
  });
  const assignmentOf = (reply: Reply) =>
    new URL(reply.headers.get('Location')!, ORIGIN).searchParams.get('assignment')!;
  const scoresFor = async (lineItem: string, userId: string) =>
    (await simState()).scores.filter(
      (s) => s.lineItem === `${platform.url}/lineitems/${lineItem}` && s.body.userId === userId,
    );

  it("posts a finished run's score to the line item, with one token for several posts", async () => {
    const teacher = await launch({ sub: 'teacher-grades', [`${C}roles`]: INSTRUCTOR, ...link('grades-1') });
    const assignmentId = /assignments\/([\w-]+)$/.exec(teacher.reply.headers.get('Location')!)![1]!;
    const learner = await launch({ sub: 'learner-grades-1', ...link('grades-1') });
    expect(assignmentOf(learner.reply)).toBe(assignmentId);
    const run = await playAssignment(learner.client, assignmentId);
    const [score] = await until(
      () => scoresFor('grades-1', 'learner-grades-1'),
      (s) => s.length > 0,
    );
    expect(score!.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(score!.body).toMatchObject({
      userId: 'learner-grades-1',
      scoreGiven: run.score,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    expect(score!.body.comment).toMatch(
      new RegExp(`^Ending: .+\\. Score ${run.score}/100 \\(.+\\)\\. Historical alignment \\d+%\\.$`),
    );
    expect(Date.parse(score!.body.timestamp as string)).toBeGreaterThan(Date.now() - 60_000);
    const tokens = (await simState()).tokenRequests;
    const second = await launch({ sub: 'learner-grades-2', ...link('grades-1') });
    await playAssignment(second.client, assignmentId);
    await until(
      () => scoresFor('grades-1', 'learner-grades-2'),
      (s) => s.length > 0,
    );
    expect((await simState()).tokenRequests).toBe(tokens);
    const grading = await teacher.client.api.lti.assignments[':id'].grading.$get({
      param: { id: assignmentId },
    });
    expect(grading.body.grade).toBe('score');
    expect(grading.body.posts.map((p: { status: string }) => p.status)).toEqual(['sent', 'sent']);
  });

  it('queues a grade the platform refuses, shows it pending, and the hourly cron sends it', async () => {
    const teacher = await launch({ sub: 'teacher-retry', [`${C}roles`]: INSTRUCTOR, ...link('grades-2') });
    const assignmentId = /assignments\/([\w-]+)$/.exec(teacher.reply.headers.get('Location')!)![1]!;
    const learner = await launch({ sub: 'learner-retry', ...link('grades-2') });
    await fetch(`${platform.url}/sim/fail-scores`, { method: 'POST', body: JSON.stringify({ count: 1 }) });
    const run = await playAssignment(learner.client, assignmentId);
    const pending = await until(
      () => teacher.client.api.lti.assignments[':id'].grading.$get({ param: { id: assignmentId } }),
      (r) => r.body.posts[0]?.attempts === 1,
    );
    expect(pending.body.posts).toEqual([
      expect.objectContaining({
        runId: run.id,
        student: 'Ayesha Khan',
        status: 'pending',
        attempts: 1,
        lastError: 'score post answered 503',
        sentAt: null,
      }),
    ]);
    expect(await scoresFor('grades-2', 'learner-retry')).toEqual([]);
    // A cron before the retry time leaves it; the next one after sends it.
    const cron = async (at: number) => {
      const ctx = createExecutionContext();
      worker.scheduled(createScheduledController({ scheduledTime: at, cron: '17 * * * *' }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await cron(Date.now());
    expect(
      (await teacher.client.api.lti.assignments[':id'].grading.$get({ param: { id: assignmentId } })).body
        .posts[0]!.status,
    ).toBe('pending');
    await cron(Date.now() + 60 * 60_000);
    const sent = await teacher.client.api.lti.assignments[':id'].grading.$get({
      param: { id: assignmentId },
    });
    expect(sent.body.posts[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(await scoresFor('grades-2', 'learner-retry')).toHaveLength(1);
  });

  const cronAt = async (at: number) => {
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ scheduledTime: at, cron: '17 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
  };
  const failScores = (count: number, status: number) =>
    fetch(`${platform.url}/sim/fail-scores`, { method: 'POST', body: JSON.stringify({ count, status }) });

  it('stops on a permanent refusal (404, 400), shows the reason, and sends it again when an instructor asks', async () => {
    const teacher = await launch({ sub: 'teacher-perm', [`${C}roles`]: INSTRUCTOR, ...link('grades-perm') });
    const assignmentId = /assignments\/([\w-]+)$/.exec(teacher.reply.headers.get('Location')!)![1]!;
    const learner = await launch({ sub: 'learner-perm', ...link('grades-perm') });
    await failScores(1, 404);
    const run = await playAssignment(learner.client, assignmentId);
    const grading = () =>
      teacher.client.api.lti.assignments[':id'].grading.$get({ param: { id: assignmentId } });
    const failed = await until(grading, (r) => r.body.posts[0]?.attempts === 1);
    expect(failed.body.posts[0]).toMatchObject({ runId: run.id, status: 'failed', attempts: 1 });
    expect(failed.body.posts[0]!.lastError).toMatch(/^score post answered 404: .*line item deleted/);
    // The hourly cron does not retry it, however late.
    await cronAt(Date.now() + 5 * 60 * 60_000);
    expect((await grading()).body.posts[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await scoresFor('grades-perm', 'learner-perm')).toEqual([]);
    // Only the assignment's instructors retry, and only a post of theirs.
    const retry = (client: Client, runId = run.id) =>
      client.api.lti.assignments[':id'].grading[':runId'].retry.$post({ param: { id: assignmentId, runId } });
    expect((await retry(learner.client)).status).toBe(403);
    expect((await retry(people.instructor.client)).status).toBe(404);
    expect((await retry(teacher.client, crypto.randomUUID())).status).toBe(404);
    const retried = await retry(teacher.client);
    expect(retried.status, retried.text).toBe(200);
    const sent = await until(grading, (r) => r.body.posts[0]?.status === 'sent');
    expect(sent.body.posts[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(await scoresFor('grades-perm', 'learner-perm')).toHaveLength(1);
  });

  it('retries a 401 at once with a new token', async () => {
    const teacher = await launch({ sub: 'teacher-401', [`${C}roles`]: INSTRUCTOR, ...link('grades-401') });
    const assignmentId = /assignments\/([\w-]+)$/.exec(teacher.reply.headers.get('Location')!)![1]!;
    const learner = await launch({ sub: 'learner-401', ...link('grades-401') });
    await playAssignment(learner.client, assignmentId);
    await until(
      () => scoresFor('grades-401', 'learner-401'),
      (s) => s.length === 1,
    );
    // The platform forgets the cached token: the next post is refused 401 and must go through at once.
    await fetch(`${platform.url}/sim/revoke-tokens`, { method: 'POST' });
    const tokens = (await simState()).tokenRequests;
    await playAssignment(learner.client, assignmentId);
    const scores = await until(
      () => scoresFor('grades-401', 'learner-401'),
      (s) => s.length === 2,
    );
    expect(scores).toHaveLength(2);
    expect((await simState()).tokenRequests).toBe(tokens + 1);
    const grading = await teacher.client.api.lti.assignments[':id'].grading.$get({
      param: { id: assignmentId },
    });
    expect(grading.body.posts.map((p: { status: string }) => p.status)).toEqual(['sent', 'sent']);
  });

  it("drops an older run's grade that failed once a newer run's grade exists, so it never overwrites it", async () => {
    const teacher = await launch({ sub: 'teacher-old', [`${C}roles`]: INSTRUCTOR, ...link('grades-old') });
    const assignmentId = /assignments\/([\w-]+)$/.exec(teacher.reply.headers.get('Location')!)![1]!;
    const learner = await launch({ sub: 'learner-old', ...link('grades-old') });
    await failScores(1, 503);
    const older = await playAssignment(learner.client, assignmentId);
    const grading = () =>
      teacher.client.api.lti.assignments[':id'].grading.$get({ param: { id: assignmentId } });
    await until(grading, (r) => r.body.posts[0]?.attempts === 1);
    const newer = await playAssignment(learner.client, assignmentId);
    await until(
      () => scoresFor('grades-old', 'learner-old'),
      (s) => s.length === 1,
    );
    await cronAt(Date.now() + 2 * 60 * 60_000);
    const posts = (await grading()).body.posts as { runId: string; status: string }[];
    expect(posts).toEqual([expect.objectContaining({ runId: newer.id, status: 'sent' })]);
    expect(posts.some((p) => p.runId === older.id)).toBe(false);
    const scores = await scoresFor('grades-old', 'learner-old');
    expect(scores).toHaveLength(1);
    expect(scores[0]!.body.scoreGiven).toBe(newer.score);
  });

  it("grades by the assignment's one grade setting, which only the assignment's instructors change", async () => {
    const teacher = await launch({ sub: 'teacher-figure', [`${C}roles`]: INSTRUCTOR, ...link('grades-3') });
    const [, cohortId, assignmentId] = /^\/teach\/([\w-]+)\/assignments\/([\w-]+)$/.exec(
      teacher.reply.headers.get('Location')!,
    )!;
    const path = `/api/cohorts/${cohortId}/assignments/${assignmentId}/grade`;
    expect((await teacher.client.put(path, { grade: 'grade-inflation' })).status).toBe(400);
    expect((await people.instructor.client.put(path, { grade: 'completion' })).status).toBe(404);
    expect((await people.student.client.put(path, { grade: 'completion' })).status).toBe(403);
    expect((await people.guest.client.put(path, { grade: 'completion' })).status).toBe(401);
    expect((await people.guest.client.get(`/api/lti/assignments/${assignmentId}/grading`)).status).toBe(401);
    const chosen = await teacher.client.put<{ grade: string }>(path, { grade: 'completion' });
    expect(chosen.status).toBe(200);
    expect(chosen.body.grade).toBe('completion');
    expect(
      (await teacher.client.get<{ grade: string }>(`/api/lti/assignments/${assignmentId}/grading`)).body
        .grade,
    ).toBe('completion');
    const learner = await launch({ sub: 'learner-figure', ...link('grades-3') });
    await playAssignment(learner.client, assignmentId!);
    const [score] = await until(
      () => scoresFor('grades-3', 'learner-figure'),
      (s) => s.length > 0,
    );
    expect(score!.body.scoreGiven).toBe(100);
    expect(score!.body.comment).toContain('Graded on completion.');
    await teacher.client.put(path, { grade: 'alignment' });
    const again = await playAssignment(learner.client, assignmentId!);
    const scores = await until(
      () => scoresFor('grades-3', 'learner-figure'),
      (s) => s.length > 1,
    );
    expect(scores[1]!.body.scoreGiven).toBe(Math.round(again.historicalAlignment * 100));
  });

  it('sends the knowledge score when the assignment is graded on it, and again after a debrief answer', async () => {
    const teacher = await launch({ sub: 'teacher-quiz', [`${C}roles`]: INSTRUCTOR, ...link('grades-5') });
    const [, cohortId, assignmentId] = /^\/teach\/([\w-]+)\/assignments\/([\w-]+)$/.exec(
      teacher.reply.headers.get('Location')!,
    )!;
    const chosen = await teacher.client.put<{ grade: string }>(
      `/api/cohorts/${cohortId}/assignments/${assignmentId}/grade`,
      {
        grade: 'knowledge',
      },
    );
    expect(chosen.body.grade).toBe('knowledge');
    const learner = await launch({ sub: 'learner-quiz', ...link('grades-5') });
    type RunReply = {
      run: { id: string; status: string };
      view: { status: string; step: number; decision: { choices: { id: string }[] } };
    };
    let reply = await learner.client.post<RunReply>('/api/runs', {
      scenario: 'islamabad-48-hours',
      side: 'islamabad',
      assignmentId,
    });
    const runId = reply.body.run.id;
    const answer = (checkId: string, slot: string, option: string) =>
      learner.client.post(`/api/runs/${runId}/answers`, { checkId, slot, optionIds: [option] });
    // Before play: one right (three-front), one wrong (who claimed Rask).
    expect((await answer('three-front', 'before', 'three-borders')).status).toBe(200);
    expect((await answer('who-claimed-rask', 'before', 'islamic-state')).status).toBe(200);
    while (reply.body.view.status === 'deciding') {
      reply = await learner.client.post<RunReply>(`/api/runs/${runId}/choices`, {
        step: reply.body.view.step,
        choiceId: reply.body.view.decision.choices[0]!.id,
      });
    }
    expect(reply.body.run.status).toBe('finished');
    const [first] = await until(
      () => scoresFor('grades-5', 'learner-quiz'),
      (s) => s.length > 0,
    );
    // 1 right of the questions the run asked (all but the two answered are unanswered and count as wrong), whatever
    // the decision score; how many the path asks is the scenario's business.
    const asked =
      /Knowledge checks 1\/(\d+) right \((\d+) unanswered\)\. Graded on the knowledge score\.$/.exec(
        first!.body.comment as string,
      );
    expect(asked, first!.body.comment as string).not.toBeNull();
    const questions = Number(asked![1]);
    expect(Number(asked![2])).toBe(questions - 2);
    expect(first!.body.scoreGiven).toBe(Math.round(100 / questions));
    // The debrief asks Rask again; the right answer now sends 2 of them, with a later timestamp so the LMS keeps it.
    expect((await answer('who-claimed-rask', 'after', 'jaish-al-adl')).status).toBe(200);
    const scores = await until(
      () => scoresFor('grades-5', 'learner-quiz'),
      (s) => s.length > 1,
    );
    expect(scores[1]!.body.scoreGiven).toBe(Math.round(200 / questions));
    expect(scores[1]!.body.comment).toContain(
      `Knowledge checks 2/${questions} right (${questions - 2} unanswered).`,
    );
    expect(Date.parse(scores[1]!.body.timestamp as string)).toBeGreaterThan(
      Date.parse(first!.body.timestamp as string),
    );
    const grading = await teacher.client.get(`/api/lti/assignments/${assignmentId}/grading`);
    expect(grading.body).toMatchObject({ grade: 'knowledge', posts: [{ runId, status: 'sent' }] });
  });

  it("grades a launched student's run of the assigned scenario however it was started, and says which runs are not graded", async () => {
    const course = { [`${C}context`]: { id: 'course-catalog', title: 'IR 211 Catalog' } };
    const learner = await launch({ sub: 'learner-plain', ...link('grades-4'), ...course });
    const assignmentId = assignmentOf(learner.reply);
    const asked = (scenario: string, side: string) =>
      learner.client.api.assignments.graded.$get({ query: { scenario, side } });
    // Before starting, the student can be told whether the run will count.
    expect((await asked('islamabad-48-hours', 'islamabad')).body).toEqual({
      assignment: { id: assignmentId, cohortName: 'IR 211 Catalog', dueAt: null },
      notGraded: null,
    });
    // The course also assigns the flagship as Islamabad: its Tehran side would not count.
    await launch({
      sub: 'learner-plain',
      ...link('grades-4b'),
      ...course,
      [`${C}custom`]: { scenario: 'strikes-across-the-border', side: 'islamabad' },
    });
    expect((await asked('strikes-across-the-border', 'tehran')).body).toEqual({
      assignment: null,
      notGraded: { cohortName: 'IR 211 Catalog', reason: 'other_side', side: 'islamabad', opensAt: null },
    });
    expect((await asked('tehran-after-rask', 'tehran')).body).toEqual({ assignment: null, notGraded: null });

    // Started from the catalog (no assignment named), the run counts for the course's assignment and is graded.
    const play = async (scenario: string, side: string) => {
      let reply = await learner.client.api.runs.$post({ json: { scenario, side } });
      expect(reply.status, reply.text).toBe(201);
      while (reply.body.view.status === 'deciding') {
        reply = await learner.client.api.runs[':id'].choices.$post({
          param: { id: reply.body.run.id },
          json: { step: reply.body.view.step, choiceId: reply.body.view.decision!.choices[0]!.id },
        });
      }
      expect(reply.body.run.status).toBe('finished');
      return reply.body.run;
    };
    const counted = await play('islamabad-48-hours', 'islamabad');
    expect(counted.assignmentId).toBe(assignmentId);
    const [score] = await until(
      () => scoresFor('grades-4', 'learner-plain'),
      (s) => s.length > 0,
    );
    expect(score!.body.scoreGiven).toBe(counted.score);
    const mine = (await learner.client.api.assignments.$get()).body.find(
      (a: { id: string }) => a.id === assignmentId,
    );
    expect(mine).toMatchObject({ status: 'done', runId: counted.id });

    // The other side, and another scenario, are practice: not graded, as the student was told.
    const before = (await simState()).scores.length;
    for (const [scenario, side] of [
      ['strikes-across-the-border', 'tehran'],
      ['tehran-after-rask', 'tehran'],
    ] as const) {
      const practice = await play(scenario, side);
      expect(practice.assignmentId).toBeNull();
      expect(
        (await env.DB.prepare('SELECT count(*) AS n FROM lti_grade_posts WHERE run_id = ?')
          .bind(practice.id)
          .first<{ n: number }>())!.n,
      ).toBe(0);
    }
    expect((await simState()).scores.length).toBe(before);
  });
});

describe('LTI links the LMS changes or copies', () => {
  const start = (client: Client, location: string) => {
    const url = new URL(location, ORIGIN);
    return client.api.runs.$post({
      json: {
        scenario: url.pathname.split('/').at(-1)!,
        side: url.searchParams.get('side')!,
        assignmentId: url.searchParams.get('assignment')!,
      },
    });
  };

  it('follows the link to the scenario and side it names now, and maps the same link in a copied course to that course', async () => {
    const course = { [`${C}context`]: { id: 'course-links', title: 'IR 310 Links' } };
    const first = await launch({
      sub: 'learner-links',
      [`${C}resource_link`]: { id: 'link-changes' },
      ...course,
    });
    const before = first.reply.headers.get('Location')!;
    expect(before).toMatch(/^\/scenarios\/islamabad-48-hours\?assignment=[\w-]+&side=islamabad$/);
    // The instructor points the link at the flagship, played as Tehran.
    const changed = await launch({
      sub: 'learner-links',
      [`${C}resource_link`]: { id: 'link-changes' },
      [`${C}custom`]: { scenario: 'strikes-across-the-border', side: 'tehran' },
      ...course,
    });
    const after = changed.reply.headers.get('Location')!;
    expect(after).toMatch(/^\/scenarios\/strikes-across-the-border\?assignment=[\w-]+&side=tehran$/);
    const assignmentOf = (location: string) => new URL(location, ORIGIN).searchParams.get('assignment');
    expect(assignmentOf(after)).not.toBe(assignmentOf(before));
    const run = await start(changed.client, after);
    expect(run.status, run.text).toBe(201);
    // A launch of the first version again (say from an old tab of the LMS) still opens the first assignment.
    const again = await launch({
      sub: 'learner-links',
      [`${C}resource_link`]: { id: 'link-changes' },
      ...course,
    });
    expect(assignmentOf(again.reply.headers.get('Location')!)).toBe(assignmentOf(before));

    // The course copied for next term: the LMS keeps the link id, in another context.
    const copy = await launch({
      sub: 'learner-links-next',
      [`${C}resource_link`]: { id: 'link-changes' },
      [`${C}custom`]: { scenario: 'strikes-across-the-border', side: 'tehran' },
      [`${C}context`]: { id: 'course-links-copy', title: 'IR 310 Links (next term)' },
    });
    const copied = copy.reply.headers.get('Location')!;
    expect(assignmentOf(copied)).not.toBe(assignmentOf(after));
    const mine = (await copy.client.api.assignments.$get()).body;
    expect(mine).toEqual([
      expect.objectContaining({ id: assignmentOf(copied), cohortName: 'IR 310 Links (next term)' }),
    ]);
    const copyRun = await start(copy.client, copied);
    expect(copyRun.status, copyRun.text).toBe(201);
  });
});

describe('LTI roster (Names and Role Provisioning)', () => {
  const LEARNER_URI = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
  const nrps = (context: string) => ({
    [`${C}context`]: { id: context, title: `Course ${context}` },
    'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
      context_memberships_url: `${platform.url}/memberships/${context}`,
      service_versions: ['2.0'],
    },
  });
  const setMembers = (context: string, members: unknown[]) =>
    fetch(`${platform.url}/sim/members`, { method: 'POST', body: JSON.stringify({ context, members }) });
  const memberNames = async (client: Client, cohortId: string) =>
    (
      (await client.api.cohorts[':id'].$get({ param: { id: cohortId } })).body.members as {
        displayName: string;
      }[]
    )
      .map((m) => m.displayName)
      .sort();

  it("fills the cohort from the LMS on an instructor's launch, so the dashboard lists students who have not started", async () => {
    await setMembers('course-roster', [
      { user_id: 'teacher-roster', roles: INSTRUCTOR, name: 'Dr Farid' },
      { user_id: 'roster-a', roles: [LEARNER_URI], name: 'Bilal Ahmed', status: 'Active' },
      { user_id: 'roster-b', roles: ['Learner'], given_name: 'Chen', family_name: 'Wei' },
      { user_id: 'roster-c', roles: [LEARNER_URI], name: 'Dara Rahimi' },
      { no_user_id: true },
    ]);
    const teacher = await launch({
      sub: 'teacher-roster',
      [`${C}roles`]: INSTRUCTOR,
      [`${C}resource_link`]: { id: 'roster-link' },
      ...nrps('course-roster'),
    });
    const [, cohortId, assignmentId] = /^\/teach\/([\w-]+)\/assignments\/([\w-]+)$/.exec(
      teacher.reply.headers.get('Location')!,
    )!;
    const names = await until(
      () => memberNames(teacher.client, cohortId!),
      (n) => n.length === 3,
    );
    expect(names).toEqual(['Bilal Ahmed', 'Chen Wei', 'Dara Rahimi']);
    const results = await teacher.client.api.cohorts[':id'].assignments[':assignmentId'].results.$get({
      param: { id: cohortId!, assignmentId: assignmentId! },
    });
    expect(results.body.completion.not_started).toBe(3);
    // A rostered learner's first launch finds the account the roster made.
    const learner = await launch({
      sub: 'roster-b',
      name: 'Chen Wei',
      [`${C}resource_link`]: { id: 'roster-link' },
      ...nrps('course-roster'),
    });
    const members = (await teacher.client.api.cohorts[':id'].$get({ param: { id: cohortId! } })).body
      .members as { id: string }[];
    expect(members.map((m) => m.id)).toContain((await learner.client.api.auth.me.$get()).body.user!.id);
    expect(members).toHaveLength(3);
  });

  it('syncs on request: new learners join, inactive ones leave; only the course instructors may ask', async () => {
    const teacherEntry = { user_id: 'teacher-sync', roles: INSTRUCTOR, name: 'Dr Sync' };
    await setMembers('course-sync', [
      teacherEntry,
      { user_id: 'sync-a', roles: [LEARNER_URI], name: 'Esra Demir' },
    ]);
    const teacher = await launch({
      sub: 'teacher-sync',
      [`${C}roles`]: INSTRUCTOR,
      [`${C}resource_link`]: { id: 'sync-link' },
      ...nrps('course-sync'),
    });
    const cohortId = /^\/teach\/([\w-]+)\//.exec(teacher.reply.headers.get('Location')!)![1]!;
    await until(
      () => memberNames(teacher.client, cohortId),
      (n) => n.length === 1,
    );
    await setMembers('course-sync', [
      teacherEntry,
      { user_id: 'sync-a', roles: [LEARNER_URI], name: 'Esra Demir', status: 'Inactive' },
      { user_id: 'sync-b', roles: [LEARNER_URI], name: 'Farah Naz' },
      { user_id: 'sync-c', roles: [LEARNER_URI], name: 'Gul Jan', status: 'Deleted' },
    ]);
    const synced = await teacher.client.api.lti.cohorts[':id'].roster.$post({ param: { id: cohortId } });
    expect(synced.status, synced.text).toBe(200);
    expect(synced.body).toMatchObject({
      platform: 'Simulated Moodle',
      roster: true,
      learners: 1,
      removed: 1,
    });
    expect(synced.body.rosterSyncedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(await memberNames(teacher.client, cohortId)).toEqual(['Farah Naz']);

    expect(
      (await people.student.client.api.lti.cohorts[':id'].roster.$post({ param: { id: cohortId } })).status,
    ).toBe(403);
    expect(
      (await people.instructor.client.api.lti.cohorts[':id'].roster.$post({ param: { id: cohortId } }))
        .status,
    ).toBe(404);
    expect(
      (await people.guest.client.api.lti.cohorts[':id'].roster.$post({ param: { id: cohortId } })).status,
    ).toBe(401);
    expect((await teacher.client.api.lti.cohorts[':id'].roster.$post({ param: { id: 'nope' } })).status).toBe(
      400,
    );
    const own = (await people.instructor.client.api.cohorts.$post({ json: { name: 'Not from an LMS' } }))
      .body;
    expect(
      (await people.instructor.client.api.lti.cohorts[':id'].roster.$post({ param: { id: own.id } })).body
        .error.code,
    ).toBe('not_found');
    // Asking about a cohort one teaches that is not from an LMS is no error: there is just no course.
    const plain = await people.instructor.client.api.lti.cohorts[':id'].$get({ param: { id: own.id } });
    expect(plain.status).toBe(200);
    expect(plain.body).toBeNull();
    const assignment = (
      await people.instructor.client.api.cohorts[':id'].assignments.$post({
        param: { id: own.id },
        json: {
          scenario: 'islamabad-48-hours',
        },
      })
    ).body;
    const grading = await people.instructor.client.api.lti.assignments[':id'].grading.$get({
      param: { id: assignment.id },
    });
    expect(grading.status).toBe(200);
    expect(grading.body).toBeNull();
    expect(
      (await teacher.client.api.lti.assignments[':id'].grading.$get({ param: { id: assignment.id } })).status,
    ).toBe(404);
    expect(
      (await teacher.client.api.lti.cohorts[':id'].$get({ param: { id: cohortId } })).body,
    ).toMatchObject({
      platform: 'Simulated Moodle',
      roster: true,
    });

    await fetch(`${platform.url}/sim/fail-memberships`, {
      method: 'POST',
      body: JSON.stringify({ count: 1 }),
    });
    const failed = await teacher.client.api.lti.cohorts[':id'].roster.$post({ param: { id: cohortId } });
    expect(failed.status).toBe(424);
    expect(failed.body.error.code).toBe('lms_unavailable');
  });
});

describe('LTI deep linking', () => {
  const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
  const request = (extra: Claims = {}) => ({
    [`${C}message_type`]: 'LtiDeepLinkingRequest',
    [`${C}resource_link`]: undefined,
    [`${C}custom`]: undefined,
    [`${C}roles`]: INSTRUCTOR,
    sub: 'teacher-dl',
    [`${C}context`]: { id: 'course-dl', title: 'Deep linking course' },
    [`${DL}deep_linking_settings`]: {
      deep_link_return_url: `${platform.url}/deep-link-return`,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      data: 'opaque-platform-data',
    },
    ...extra,
  });
  const pick = (client: Client, form: Record<string, string>) =>
    client.call('POST', '/api/lti/deep-link', new URLSearchParams(form).toString(), {
      'Content-Type': 'application/x-www-form-urlencoded',
    });

  it('lets an instructor pick a scenario, side and due date, answers a signed LtiDeepLinkingResponse, and the new link opens it', async () => {
    const { client, reply } = await launch(request());
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).toContain('<option value="tehran-after-rask:tehran">');
    const code = /name="code" value="([\w-]+)"/.exec(reply.text)![1]!;
    const returned = await pick(client, { code, pick: 'islamabad-48-hours:islamabad', due: '2027-03-01' });
    expect(returned.status, returned.text).toBe(200);
    expect(returned.text).toContain(`action="${platform.url}/deep-link-return"`);
    expect(returned.text).toContain('<script src="/lti-autosubmit.js"></script>');
    expect(returned.headers.get('Content-Security-Policy')).toContain(`form-action ${platform.url}`);
    const jwt = /name="JWT" value="([\w.-]+)"/.exec(returned.text)![1]!;
    // Verified as the platform would: against our published JWKS.
    const { createLocalJWKSet, jwtVerify } = await import('jose');
    const { payload } = await jwtVerify(
      jwt,
      createLocalJWKSet((await new Client().api.lti.jwks.$get()).body),
      { issuer: platform.clientId, audience: platform.issuer },
    );
    expect(payload).toMatchObject({
      [`${C}message_type`]: 'LtiDeepLinkingResponse',
      [`${C}version`]: '1.3.0',
      [`${C}deployment_id`]: DEPLOYMENT,
      [`${DL}data`]: 'opaque-platform-data',
    });
    expect(typeof payload.nonce).toBe('string');
    const items = payload[`${DL}content_items`] as Record<string, unknown>[];
    expect(items).toEqual([
      {
        type: 'ltiResourceLink',
        title: expect.stringContaining('(as ') as unknown,
        url: `${ORIGIN}/api/lti/launch`,
        custom: { scenario: 'islamabad-48-hours', side: 'islamabad', due: '2027-03-01T23:59:59.000Z' },
        lineItem: {
          scoreMaximum: 100,
          label: expect.any(String) as unknown,
          resourceId: 'islamabad-48-hours',
        },
        submission: { endDateTime: '2027-03-01T23:59:59.000Z' },
      },
    ]);
    // The platform makes the link with those custom parameters; a student's launch opens the assignment, due that day.
    const learner = await launch({
      sub: 'learner-dl',
      [`${C}context`]: { id: 'course-dl', title: 'Deep linking course' },
      [`${C}resource_link`]: { id: 'dl-link-1' },
      [`${C}custom`]: items[0]!.custom,
    });
    const assignmentId = new URL(learner.reply.headers.get('Location')!, ORIGIN).searchParams.get(
      'assignment',
    );
    const assigned = (await learner.client.api.assignments.$get()).body.find(
      (a: { id: string }) => a.id === assignmentId,
    );
    expect(assigned).toMatchObject({ side: 'islamabad', dueAt: Date.parse('2027-03-01T23:59:59Z') });
    // The pick is single use.
    expectRefusal(await pick(client, { code, pick: 'islamabad-48-hours' }), 401, 'expired_pick');
  });

  it('refuses deep linking to learners, unknown picks and platforms that take no resource links', async () => {
    expectRefusal(
      (await launch(request({ sub: 'learner-dl-2', [`${C}roles`]: LEARNER }))).reply,
      403,
      'not_instructor',
    );
    const settings = { deep_link_return_url: `${platform.url}/r`, accept_types: ['file'] };
    expectRefusal(
      (await launch(request({ [`${DL}deep_linking_settings`]: settings }))).reply,
      400,
      'unsupported_content',
    );
    const { client, reply } = await launch(request());
    const code = /name="code" value="([\w-]+)"/.exec(reply.text)![1]!;
    expectRefusal(await pick(client, { code, pick: 'islamabad-48-hours:delhi' }), 400, 'unknown_scenario');
    expectRefusal(await pick(client, { code: 'x', pick: 'islamabad-48-hours' }), 400, 'invalid_pick');
    // A cross-site post of the picker's form is refused (CSRF), unlike the LMS's posts to login and launch.
    const cross = await client.call('POST', '/api/lti/deep-link', 'code=abc', {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: LMS_ORIGIN,
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(cross.status).toBe(403);
  });
});

describe('LTI dynamic registration', () => {
  const registerUrl = async () => {
    const made = await people.admin.client.api.lti.registrations.$post();
    expect(made.status).toBe(201);
    expect(made.body.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    return new URL(made.body.url);
  };
  // What the LMS does with the URL the admin pasted: opens it with its configuration URL and a registration token.
  const open = (url: URL, token: string) => {
    url.searchParams.set('openid_configuration', `${platform.url}/.well-known/openid-configuration`);
    url.searchParams.set('registration_token', token);
    return new Client().get(`${url.pathname}${url.search}`);
  };

  it('registers with the platform, stores it, closes the dialog, and the platform can then launch', async () => {
    const reply = await open(await registerUrl(), 'reg-token-1');
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).toContain('<script src="/lti-close.js"></script>');
    const sent = (
      await (
        await fetch(`${platform.url}/sim/state`)
      ).json<{
        registrations: {
          token: string;
          body: {
            scope: string;
            'https://purl.imsglobal.org/spec/lti-tool-configuration': { messages: { type: string }[] };
          };
        }[];
      }>()
    ).registrations.find((r) => r.token === 'reg-token-1')!.body;
    expect(sent).toMatchObject({
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: `${ORIGIN}/api/lti/login`,
      redirect_uris: [`${ORIGIN}/api/lti/launch`],
      jwks_uri: `${ORIGIN}/api/lti/jwks`,
      token_endpoint_auth_method: 'private_key_jwt',
    });
    expect(sent.scope.split(' ')).toEqual(
      expect.arrayContaining([
        'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
      ]),
    );
    expect(
      sent['https://purl.imsglobal.org/spec/lti-tool-configuration'].messages.map((m) => m.type),
    ).toEqual(['LtiDeepLinkingRequest', 'LtiResourceLinkRequest']);
    const stored = (await people.admin.client.api.lti.platforms.$get()).body.find((p: { clientId: string }) =>
      p.clientId.startsWith('dyn-client-'),
    )!;
    expect(stored).toMatchObject({
      name: `simulated-moodle (${new URL(platform.issuer).host})`,
      issuer: platform.issuer,
      authUrl: `${platform.url}/auth`,
      tokenUrl: `${platform.url}/token`,
      jwksUrl: `${platform.url}/jwks`,
    });
    expect(stored.deploymentIds).toEqual([expect.stringMatching(/^dyn-deployment-/)]);
    // A launch through the new registration: its own client id and deployment.
    const started = await login(new Client(), { client_id: stored.clientId });
    expect(started.redirect.searchParams.get('client_id')).toBe(stored.clientId);
    const token = await new SignJWT({
      nonce: started.nonce,
      sub: 'dyn-learner',
      [`${C}version`]: '1.3.0',
      [`${C}message_type`]: 'LtiResourceLinkRequest',
      [`${C}deployment_id`]: stored.deploymentIds[0],
      [`${C}roles`]: LEARNER,
      [`${C}resource_link`]: { id: 'dyn-link' },
    })
      .setProtectedHeader({ alg: 'RS256', kid: platform.kid })
      .setIssuer(platform.issuer)
      .setAudience(stored.clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(platformKey);
    expect((await postLaunch(started.client, { id_token: token, state: started.state })).status).toBe(303);
    await people.admin.client.api.lti.platforms[':id'].$delete({ param: { id: stored.id }, query: {} });
  });

  it('refuses a used or unknown registration URL, and shows the LMS refusing, which leaves the URL usable; only admins make URLs', async () => {
    const url = await registerUrl();
    const refused = await open(new URL(url), 'not-a-registration-token');
    expectRefusal(refused, 400, 'registration_failed');
    expect(refused.text).toContain('registration endpoint answered 401');
    // A failed registration does not use up the admin's URL: the LMS can try again with a good token.
    expect((await open(new URL(url), 'reg-token-2')).status).toBe(200);
    expectRefusal(await open(new URL(url), 'reg-token-2b'), 401, 'expired_registration');
    const made = (await people.admin.client.api.lti.platforms.$get()).body.filter((p: { clientId: string }) =>
      p.clientId.startsWith('dyn-client-'),
    );
    for (const p of made)
      await people.admin.client.api.lti.platforms[':id'].$delete({ param: { id: p.id }, query: {} });
    expectRefusal(
      await new Client().api.lti.register.$get({ query: { code: 'x' } }),
      400,
      'invalid_registration',
    );
    expect((await people.instructor.client.api.lti.registrations.$post()).status).toBe(403);
    expect((await people.guest.client.api.lti.registrations.$post()).status).toBe(401);
  });

  it("refuses a configuration whose issuer is not on the configuration URL's host, before registering anything", async () => {
    const url = await registerUrl();
    const registrations = async () =>
      (await (await fetch(`${platform.url}/sim/state`)).json<{ registrations: unknown[] }>()).registrations
        .length;
    const before = await registrations();
    url.searchParams.set(
      'openid_configuration',
      `${platform.url}/.well-known/openid-configuration?issuer=${encodeURIComponent('https://moodle.example.edu')}`,
    );
    url.searchParams.set('registration_token', 'reg-token-foreign');
    const refused = await new Client().get(`${url.pathname}${url.search}`);
    expectRefusal(refused, 400, 'registration_failed');
    expect(refused.text).toContain(
      'names the issuer https://moodle.example.edu, which is not on its own host',
    );
    expect(await registrations()).toBe(before);
    expect(
      (await people.admin.client.api.lti.platforms.$get()).body.some(
        (p: { issuer: string }) => p.issuer === 'https://moodle.example.edu',
      ),
    ).toBe(false);
  });

  it('records the deployment of the first launch when the LMS registered before naming one', async () => {
    expect((await open(await registerUrl(), 'reg-token-no-deployment')).status).toBe(200);
    const stored = (await people.admin.client.api.lti.platforms.$get()).body.find(
      (p: { deploymentIds: string[] }) => p.deploymentIds.length === 0,
    )!;
    expect(stored).toBeDefined();
    const launchWith = async (deployment: string) => {
      const started = await login(new Client(), { client_id: stored.clientId });
      const token = await new SignJWT({
        nonce: started.nonce,
        sub: 'dyn-2',
        [`${C}version`]: '1.3.0',
        [`${C}message_type`]: 'LtiResourceLinkRequest',
        [`${C}deployment_id`]: deployment,
        [`${C}roles`]: LEARNER,
        [`${C}resource_link`]: { id: 'l' },
      })
        .setProtectedHeader({ alg: 'RS256', kid: platform.kid })
        .setIssuer(platform.issuer)
        .setAudience(stored.clientId)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(platformKey);
      return postLaunch(started.client, { id_token: token, state: started.state });
    };
    expect((await launchWith('installed-1')).status).toBe(303);
    expectRefusal(await launchWith('installed-2'), 403, 'unknown_deployment');
    const after = (await people.admin.client.api.lti.platforms.$get()).body.find(
      (p: { id: string }) => p.id === stored.id,
    )!;
    expect(after.deploymentIds).toEqual(['installed-1']);
    await people.admin.client.api.lti.platforms[':id'].$delete({ param: { id: stored.id }, query: {} });
  });
});

describe('LTI roles, as LTI 1.3 and LIS define them', () => {
  const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership';
  const nrps = (context: string) => ({
    [`${C}context`]: { id: context, title: `Course ${context}` },
    'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
      context_memberships_url: `${platform.url}/memberships/${context}`,
      service_versions: ['2.0'],
    },
  });
  const setMembers = (context: string, members: unknown[]) =>
    fetch(`${platform.url}/sim/members`, { method: 'POST', body: JSON.stringify({ context, members }) });
  const teachPath = /^\/teach\/([\w-]+)\/assignments\/([\w-]+)$/;
  const results = (client: Client, cohortId: string, assignmentId: string) =>
    client.api.cohorts[':id'].assignments[':assignmentId'].results.$get({
      param: { id: cohortId, assignmentId },
    });
  const cohortOf = async (client: Client, id: string) =>
    (await client.api.cohorts[':id'].$get({ param: { id } })).body as {
      instructors: { displayName: string }[];
      members: { displayName: string }[];
    };

  it('lets Instructor, TeachingAssistant and ContentDeveloper teach, and no one else', async () => {
    const cases: [string, string[], boolean][] = [
      ['role-instructor', [`${M}#Instructor`], true],
      ['role-ta', [`${M}/Instructor#TeachingAssistant`], true],
      ['role-ta-short', ['TeachingAssistant'], true],
      ['role-developer', [`${M}#ContentDeveloper`], true],
      ['role-learner', [`${M}#Learner`], false],
      ['role-admin', [`${M}#Administrator`], false],
      ['role-institution', ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor'], false],
      ['role-none', [], false],
    ];
    for (const [sub, roles, teaches] of cases) {
      const { reply } = await launch({
        sub,
        [`${C}roles`]: roles,
        [`${C}resource_link`]: { id: 'roles-link' },
      });
      expect(reply.status, `${sub}: ${reply.text}`).toBe(303);
      const location = reply.headers.get('Location')!;
      if (teaches) expect(location, sub).toMatch(teachPath);
      else expect(location, sub).toMatch(/^\/scenarios\/islamabad-48-hours\?assignment=/);
    }
  });

  it('shows a Mentor (observer, parent) nothing: a page, no session, and no place in the cohort', async () => {
    const teacher = await launch({
      sub: 'mentor-course-teacher',
      [`${C}roles`]: INSTRUCTOR,
      [`${C}resource_link`]: { id: 'mentor-link' },
      [`${C}context`]: { id: 'course-mentor', title: 'Mentored course' },
    });
    const [, cohortId, assignmentId] = teachPath.exec(teacher.reply.headers.get('Location')!)!;
    const mentor = await launch({
      sub: 'mentor-1',
      name: 'A Parent',
      [`${C}roles`]: [`${M}#Mentor`],
      'https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor': ['learner-1'],
      [`${C}resource_link`]: { id: 'mentor-link' },
      [`${C}context`]: { id: 'course-mentor', title: 'Mentored course' },
    });
    expectRefusal(mentor.reply, 403, 'mentor_sees_nothing');
    expect((await mentor.client.api.auth.me.$get()).body.user).toBeNull();
    expect((await results(mentor.client, cohortId!, assignmentId!)).status).toBe(401);
    // A mentor who launched before as a learner leaves the cohort: the latest launch decides.
    await launch({
      sub: 'mentor-2',
      name: 'Was Learner',
      [`${C}resource_link`]: { id: 'mentor-link' },
      [`${C}context`]: { id: 'course-mentor', title: 'Mentored course' },
    });
    expect((await cohortOf(teacher.client, cohortId!)).members.map((m) => m.displayName)).toContain(
      'Was Learner',
    );
    const later = await launch({
      sub: 'mentor-2',
      name: 'Was Learner',
      [`${C}roles`]: [`${M}#Mentor`],
      [`${C}resource_link`]: { id: 'mentor-link' },
      [`${C}context`]: { id: 'course-mentor', title: 'Mentored course' },
    });
    expectRefusal(later.reply, 403, 'mentor_sees_nothing');
    const cohort = await cohortOf(teacher.client, cohortId!);
    expect(cohort.members.map((m) => m.displayName)).not.toContain('Was Learner');
    expect(cohort.instructors.map((m) => m.displayName)).not.toContain('A Parent');
  });

  it("applies an LMS role to that course's cohort only, and follows the latest launch", async () => {
    const first = await launch({
      sub: 'sticky-1',
      name: 'Sticky Teacher',
      [`${C}roles`]: INSTRUCTOR,
      [`${C}resource_link`]: { id: 'sticky-link' },
      [`${C}context`]: { id: 'course-sticky', title: 'Sticky course' },
    });
    const [, cohortId, assignmentId] = teachPath.exec(first.reply.headers.get('Location')!)!;
    expect((await results(first.client, cohortId!, assignmentId!)).status).toBe(200);
    const me = (await first.client.api.auth.me.$get()).body.user!;
    expect(me.role).toBe('student');
    // No site powers: no local cohorts, no imports, no studio.
    expect((await first.client.api.cohorts.$post({ json: { name: 'Mine' } })).status).toBe(403);
    expect((await first.client.api.studio.scenarios.$get()).status).toBe(403);
    // Another course where the same person is a learner gives nothing there.
    const elsewhere = await launch(
      {
        sub: 'sticky-1',
        name: 'Sticky Teacher',
        [`${C}resource_link`]: { id: 'sticky-other-link' },
        [`${C}context`]: { id: 'course-sticky-other', title: 'Other course' },
      },
      {},
      first.client,
    );
    const other = new URL(elsewhere.reply.headers.get('Location')!, ORIGIN);
    expect(other.pathname).toBe('/scenarios/islamabad-48-hours');
    // A later launch as a learner in the first course ends the teaching there.
    await launch(
      {
        sub: 'sticky-1',
        name: 'Sticky Teacher',
        [`${C}resource_link`]: { id: 'sticky-link' },
        [`${C}context`]: { id: 'course-sticky', title: 'Sticky course' },
      },
      {},
      first.client,
    );
    expect((await results(first.client, cohortId!, assignmentId!)).status).toBe(403);
  });

  it('syncs roles from the roster: mentors are nobody, a demoted TA stops teaching, vanished people leave', async () => {
    const teacher = { user_id: 'rs-teacher', roles: INSTRUCTOR, name: 'Dr Roster' };
    await setMembers('course-rs', [
      teacher,
      { user_id: 'rs-ta', roles: [`${M}/Instructor#TeachingAssistant`], name: 'Tariq TA' },
      { user_id: 'rs-mentor', roles: [`${M}#Mentor`], name: 'Parent Mentor' },
      { user_id: 'rs-a', roles: [`${M}#Learner`], name: 'Learner Stays' },
      { user_id: 'rs-b', roles: [`${M}#Learner`], name: 'Learner Goes' },
    ]);
    const launched = await launch({
      sub: 'rs-teacher',
      name: 'Dr Roster',
      [`${C}roles`]: INSTRUCTOR,
      [`${C}resource_link`]: { id: 'rs-link' },
      ...nrps('course-rs'),
    });
    const [, cohortId] = teachPath.exec(launched.reply.headers.get('Location')!)!;
    const sync = () => launched.client.api.lti.cohorts[':id'].roster.$post({ param: { id: cohortId! } });
    expect((await sync()).status).toBe(200);
    let cohort = await cohortOf(launched.client, cohortId!);
    expect(cohort.instructors.map((i) => i.displayName).sort()).toEqual(['Dr Roster', 'Tariq TA']);
    expect(cohort.members.map((m) => m.displayName).sort()).toEqual(['Learner Goes', 'Learner Stays']);
    // A learner's launch carries no roster claim: the stored roster URL stays, so the next sync works.
    await launch({
      sub: 'rs-a',
      name: 'Learner Stays',
      [`${C}resource_link`]: { id: 'rs-link' },
      [`${C}context`]: { id: 'course-rs', title: 'Course course-rs' },
    });
    await setMembers('course-rs', [
      teacher,
      { user_id: 'rs-ta', roles: [`${M}#Learner`], name: 'Tariq TA' },
      { user_id: 'rs-mentor', roles: [`${M}#Mentor`], name: 'Parent Mentor' },
      { user_id: 'rs-a', roles: [`${M}#Learner`], name: 'Learner Stays' },
    ]);
    const synced = await sync();
    expect(synced.status, synced.text).toBe(200);
    expect(synced.body).toMatchObject({ learners: 2, removed: 1 });
    cohort = await cohortOf(launched.client, cohortId!);
    expect(cohort.instructors.map((i) => i.displayName)).toEqual(['Dr Roster']);
    expect(cohort.members.map((m) => m.displayName).sort()).toEqual(['Learner Stays', 'Tariq TA']);
  });
});

describe('LTI platforms an admin can manage', () => {
  const SECOND = 'second-client';
  const input = {
    name: 'Second Moodle',
    issuer: platform.issuer,
    clientId: SECOND,
    authUrl: `${platform.url}/auth`,
    tokenUrl: `${platform.url}/token`,
    jwksUrl: `${platform.url}/jwks`,
    deploymentIds: ['second-dep-1'],
  };
  /** A learner's launch through the second tool registration (its own client id). */
  async function launchSecond(claims: Claims = {}) {
    const started = await login(new Client(), { client_id: SECOND });
    const token = await idToken(started.nonce, {
      aud: SECOND,
      sub: 'second-learner',
      name: 'Second Learner',
      [`${C}deployment_id`]: 'second-dep-1',
      [`${C}resource_link`]: { id: 'second-link' },
      [`${C}context`]: { id: 'second-course', title: 'Second course' },
      ...claims,
    });
    const reply = await postLaunch(started.client, { id_token: token, state: started.state });
    return { client: started.client, reply };
  }

  it("edits a platform's name, URLs and deployments in place; only admins, with checked input", async () => {
    const added = await people.admin.client.api.lti.platforms.$post({ json: { ...input, name: 'Edit me' } });
    expect(added.status, added.text).toBe(201);
    const id = added.body.id;
    const edit = (json: Record<string, unknown>, who = people.admin.client) =>
      who.api.lti.platforms[':id'].$patch({ param: { id }, json });
    const renamed = await edit({ name: 'Second Moodle', deploymentIds: ['second-dep-1', 'second-dep-2'] });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({
      id,
      name: 'Second Moodle',
      deploymentIds: ['second-dep-1', 'second-dep-2'],
    });
    // The added deployment launches, into the same account as the first.
    const first = await launchSecond();
    expect(first.reply.status, first.reply.text).toBe(303);
    const second = await launchSecond({ [`${C}deployment_id`]: 'second-dep-2' });
    expect(second.reply.status, second.reply.text).toBe(303);
    expect((await second.client.api.auth.me.$get()).body.user!.id).toBe(
      (await first.client.api.auth.me.$get()).body.user!.id,
    );
    // A removed deployment no longer launches.
    expect((await edit({ deploymentIds: ['second-dep-1'] })).status).toBe(200);
    expectRefusal(
      (await launchSecond({ [`${C}deployment_id`]: 'second-dep-2' })).reply,
      403,
      'unknown_deployment',
    );
    expect((await edit({ tokenUrl: 'http://evil.example/token' })).status).toBe(400);
    expect((await edit({ deploymentIds: [] })).status).toBe(400);
    expect((await edit({})).status).toBe(400);
    expect((await edit({ name: 'x' }, people.instructor.client)).status).toBe(403);
    expect(
      (
        await people.admin.client.api.lti.platforms[':id'].$patch({
          param: { id: crypto.randomUUID() },
          json: { name: 'Nobody' },
        })
      ).status,
    ).toBe(404);
  });

  it('refuses an issuer that is not a URL', async () => {
    const reply = await people.admin.client.api.lti.platforms.$post({
      json: { ...input, clientId: 'not-url-client', issuer: 'not a url' },
    });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body.error)).toContain('issuer');
  });

  it('removes a platform keeping its mappings, so re-adding it brings back the same accounts and cohorts', async () => {
    const id = (await people.admin.client.api.lti.platforms.$get()).body.find(
      (p: { clientId: string }) => p.clientId === SECOND,
    )!.id;
    const before = await launchSecond();
    const userId = (await before.client.api.auth.me.$get()).body.user!.id;
    const removed = await people.admin.client.api.lti.platforms[':id'].$delete({
      param: { id },
      query: { mappings: 'keep' },
    });
    expect(removed.status).toBe(204);
    expect(
      (await people.admin.client.api.lti.platforms.$get()).body.some((p: { id: string }) => p.id === id),
    ).toBe(false);
    const refused = await before.client.call(
      'GET',
      `/api/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'h', target_link_uri: `${ORIGIN}/api/lti/launch`, client_id: SECOND }).toString()}`,
    );
    expectRefusal(refused, 403, 'unregistered_platform');
    const again = await people.admin.client.api.lti.platforms.$post({ json: input });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(id);
    const after = await launchSecond();
    expect((await after.client.api.auth.me.$get()).body.user!.id).toBe(userId);
    expect(after.reply.headers.get('Location')).toBe(before.reply.headers.get('Location'));
  });

  it("deletes a platform's mappings only when asked, and then ends its users' sessions", async () => {
    const id = (await people.admin.client.api.lti.platforms.$get()).body.find(
      (p: { clientId: string }) => p.clientId === SECOND,
    )!.id;
    const before = await launchSecond();
    const userId = (await before.client.api.auth.me.$get()).body.user!.id;
    expect(
      (
        await people.admin.client.api.lti.platforms[':id'].$delete({
          param: { id },
          query: { mappings: 'sometimes' as 'keep' },
        })
      ).status,
    ).toBe(400);
    const deleted = await people.admin.client.api.lti.platforms[':id'].$delete({
      param: { id },
      query: { mappings: 'delete' },
    });
    expect(deleted.status).toBe(204);
    expect((await before.client.api.auth.me.$get()).body.user).toBeNull();
    const again = await people.admin.client.api.lti.platforms.$post({ json: input });
    expect(again.body.id).not.toBe(id);
    const after = await launchSecond();
    expect((await after.client.api.auth.me.$get()).body.user!.id).not.toBe(userId);
  });
});
