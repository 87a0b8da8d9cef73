/**
 * An LTI 1.3 platform (an LMS) simulated by a real HTTP server on 127.0.0.1, for the api project's tests: it
 * publishes its keys (JWKS), issues OAuth 2 tokens to a tool that proves itself with a JWT signed by the tool's
 * published key (client credentials, RFC 7523), and takes AGS scores on its line items. Tests sign launches with
 * the private key it provides, and read what it received from /sim/state.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import type { TestProject } from 'vitest/node';
import xapiValidation from '@learninglocker/xapi-validation';

// Learning Locker's conformance-tested statement validator (a CommonJS default export).
const validateStatement = ((xapiValidation as unknown as { default?: typeof xapiValidation }).default ??
  xapiValidation) as (statement: unknown) => { path: string[]; message: string }[];

import './lti-provided';

const CLIENT_ID = 'crisis-desk-tool';
const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const MEMBERSHIP_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

type Received = { lineItem: string; contentType: string | undefined; body: Record<string, unknown> };

export default async function setup(project: TestProject) {
  const kid = 'platform-key-1';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };

  const state = {
    toolJwks: null as { keys: JWK[] } | null,
    tokens: new Map<string, string[]>(),
    tokenRequests: 0,
    jwksFetches: 0,
    scores: [] as Received[],
    failScores: 0,
    failScoresWith: 503,
    refusedTokens: [] as string[],
    members: new Map<string, unknown[]>(),
    registrations: [] as Record<string, unknown>[],
    statements: [] as { lrs: string; statement: Record<string, unknown> }[],
    lrsRejected: [] as unknown[],
    lrsDown: false,
    lrsConflicts: false,
    failMemberships: 0,
  };

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => resolve(text));
    });
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      if (req.method === 'GET' && url.pathname === '/jwks') {
        state.jwksFetches++;
        return send(res, 200, { keys: [publicJwk] });
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        state.tokenRequests++;
        const form = new URLSearchParams(await read(req));
        if (
          form.get('grant_type') !== 'client_credentials' ||
          form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
        ) {
          return send(res, 400, { error: 'unsupported_grant_type' });
        }
        if (!state.toolJwks)
          return send(res, 401, { error: 'invalid_client', error_description: 'no tool keys registered' });
        try {
          const { payload } = await jwtVerify(
            form.get('client_assertion') ?? '',
            createLocalJWKSet(state.toolJwks),
            {
              issuer: CLIENT_ID,
              subject: CLIENT_ID,
              audience: `${base}/token`,
            },
          );
          if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number')
            throw new Error('jti and exp are required');
        } catch (error) {
          state.refusedTokens.push(String(error));
          return send(res, 401, { error: 'invalid_client' });
        }
        const scopes = (form.get('scope') ?? '')
          .split(' ')
          .filter((s) => s === SCORE_SCOPE || s === MEMBERSHIP_SCOPE);
        const token = crypto.randomUUID();
        state.tokens.set(token, scopes);
        return send(res, 200, {
          access_token: token,
          token_type: 'Bearer',
          expires_in: 3600,
          scope: scopes.join(' '),
        });
      }
      const scores = /^\/lineitems\/([\w-]+)\/scores$/.exec(url.pathname);
      if (req.method === 'POST' && scores) {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !state.tokens.get(token)?.includes(SCORE_SCOPE))
          return send(res, 401, { error: 'invalid_token' });
        if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json')
          return send(res, 415, { error: 'unsupported media type' });
        if (state.failScores > 0) {
          state.failScores--;
          const status = state.failScoresWith;
          return send(res, status, {
            error:
              status === 404
                ? 'line item deleted'
                : status === 400
                  ? 'score refused'
                  : 'gradebook unavailable',
          });
        }
        const body = JSON.parse(await read(req)) as Record<string, unknown>;
        for (const field of ['userId', 'timestamp', 'activityProgress', 'gradingProgress']) {
          if (body[field] === undefined) return send(res, 400, { error: `${field} is required` });
        }
        state.scores.push({
          lineItem: `${base}/lineitems/${scores[1]}`,
          contentType: req.headers['content-type'],
          body,
        });
        res.writeHead(204).end();
        return;
      }
      const memberships = /^\/memberships\/([\w-]+)$/.exec(url.pathname);
      if (req.method === 'GET' && memberships) {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !state.tokens.get(token)?.includes(MEMBERSHIP_SCOPE))
          return send(res, 401, { error: 'invalid_token' });
        if (req.headers.accept !== 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json')
          return send(res, 406, { error: 'not acceptable' });
        if (state.failMemberships > 0) {
          state.failMemberships--;
          return send(res, 503, { error: 'roster unavailable' });
        }
        // Two members a page, so the tool must follow rel="next".
        const all = state.members.get(memberships[1]!) ?? [];
        const from = Number(url.searchParams.get('from') ?? 0);
        if (from + 2 < all.length)
          res.setHeader('Link', `<${base}${url.pathname}?from=${from + 2}>; rel="next"`);
        res.writeHead(200, { 'Content-Type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' });
        res.end(
          JSON.stringify({
            id: `${base}${url.pathname}`,
            context: { id: memberships[1] },
            members: all.slice(from, from + 2),
          }),
        );
        return;
      }
      if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
        return send(res, 200, {
          // ?issuer= makes a configuration that claims another LMS's issuer (a tool must refuse it).
          issuer: url.searchParams.get('issuer') ?? base,
          authorization_endpoint: `${base}/auth`,
          token_endpoint: `${base}/token`,
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
          jwks_uri: `${base}/jwks`,
          registration_endpoint: `${base}/register`,
          scopes_supported: ['openid', SCORE_SCOPE, MEMBERSHIP_SCOPE],
          response_types_supported: ['id_token'],
          id_token_signing_alg_values_supported: ['RS256'],
          claims_supported: ['iss', 'sub', 'name'],
          'https://purl.imsglobal.org/spec/lti-platform-configuration': {
            product_family_code: 'simulated-moodle',
            version: '4.4',
          },
        });
      }
      if (req.method === 'POST' && url.pathname === '/register') {
        // Registration tokens are single use, as Moodle's and Canvas's are.
        const token = /^Bearer (reg-token-[\w-]+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || state.registrations.some((r) => r.token === token))
          return send(res, 401, { error: 'invalid registration token' });
        if (req.headers['content-type'] !== 'application/json') return send(res, 415, { error: 'send JSON' });
        const body = JSON.parse(await read(req)) as Record<string, unknown>;
        for (const field of [
          'initiate_login_uri',
          'redirect_uris',
          'jwks_uri',
          'client_name',
          'https://purl.imsglobal.org/spec/lti-tool-configuration',
        ]) {
          if (body[field] === undefined) return send(res, 400, { error: `${field} is required` });
        }
        const n = state.registrations.push({ token, body });
        const tool = body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<
          string,
          unknown
        >;
        return send(res, 200, {
          ...body,
          client_id: `dyn-client-${n}`,
          'https://purl.imsglobal.org/spec/lti-tool-configuration': {
            ...tool,
            ...(token.endsWith('no-deployment') ? {} : { deployment_id: `dyn-deployment-${n}` }),
          },
        });
      }
      // An LRS (xAPI 1.0.3 statements resource), one per path prefix, with Basic auth "lrs-key:lrs-secret".
      const lrs = /^\/(lrs[\w-]*)\/statements$/.exec(url.pathname);
      if (req.method === 'POST' && lrs) {
        if (req.headers.authorization !== `Basic ${Buffer.from('lrs-key:lrs-secret').toString('base64')}`)
          return send(res, 401, { error: 'unauthorized' });
        if (!String(req.headers['x-experience-api-version'] ?? '').startsWith('1.0.'))
          return send(res, 400, { error: 'X-Experience-API-Version is required' });
        if (state.lrsDown) return send(res, 503, { error: 'LRS down' });
        const body = JSON.parse(await read(req)) as unknown;
        const statements = Array.isArray(body) ? body : [body];
        const problems = statements.flatMap((statement) =>
          validateStatement(statement).map((w) => ({ path: w.path.join('.'), message: w.message })),
        );
        if (problems.length > 0) {
          state.lrsRejected.push(...problems);
          return send(res, 400, { error: 'invalid statements', problems });
        }
        // An LRS that answers 409 to a batch holding any id it already stored, and stores none of that batch.
        if (
          state.lrsConflicts &&
          (statements as { id?: string }[]).some((st) =>
            state.statements.some((s) => s.statement.id === st.id),
          )
        )
          return send(res, 409, { error: 'a statement with this id is already stored' });
        // A statement id already stored is not stored again (xAPI 2.1.3: the LRS answers as for the first time).
        for (const statement of statements as Record<string, unknown>[]) {
          if (!state.statements.some((s) => s.statement.id === statement.id))
            state.statements.push({ lrs: lrs[1]!, statement });
        }
        return send(
          res,
          200,
          statements.map((st) => (st as { id: string }).id),
        );
      }
      if (req.method === 'POST' && url.pathname === '/sim/lrs-conflicts') {
        state.lrsConflicts = (JSON.parse(await read(req)) as { on: boolean }).on;
        return send(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/sim/lrs-down') {
        state.lrsDown = (JSON.parse(await read(req)) as { down: boolean }).down;
        return send(res, 200, { ok: true });
      }
      // The tests' side door: register the tool's JWKS, make the gradebook fail, read what arrived.
      if (req.method === 'POST' && url.pathname === '/sim/tool-jwks') {
        state.toolJwks = JSON.parse(await read(req)) as { keys: JWK[] };
        return send(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/sim/fail-scores') {
        const fail = JSON.parse(await read(req)) as { count: number; status?: number };
        state.failScores = fail.count;
        state.failScoresWith = fail.status ?? 503;
        return send(res, 200, { ok: true });
      }
      // Every access token issued so far stops working (a platform that revoked them, or restarted).
      if (req.method === 'POST' && url.pathname === '/sim/revoke-tokens') {
        state.tokens.clear();
        return send(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/sim/members') {
        const { context, members } = JSON.parse(await read(req)) as { context: string; members: unknown[] };
        state.members.set(context, members);
        return send(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/sim/fail-memberships') {
        state.failMemberships = (JSON.parse(await read(req)) as { count: number }).count;
        return send(res, 200, { ok: true });
      }
      if (req.method === 'GET' && url.pathname === '/sim/state') {
        return send(res, 200, {
          statements: state.statements,
          lrsRejected: state.lrsRejected,
          registrations: state.registrations,
          scores: state.scores,
          tokenRequests: state.tokenRequests,
          jwksFetches: state.jwksFetches,
          refusedTokens: state.refusedTokens,
        });
      }
      send(res, 404, { error: 'not found' });
    } catch (error) {
      send(res, 500, { error: String(error) });
    }
  };
  // The handler answers every failure itself (500 above): nothing is left to await.
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  project.provide('ltiPlatform', { url, issuer: url, clientId: CLIENT_ID, kid, privateJwk });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
