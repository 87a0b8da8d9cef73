import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { contentSecurityPolicyHeader } from '../../api/lib/csp';

// Static assets never reach the Worker: public/_headers gives them the policy that api/lib/csp.ts gives the API.
const headers = readFileSync(new URL('../../public/_headers', import.meta.url), 'utf8');

describe('the content security policy', () => {
  it('is the same in public/_headers (static assets) as in api/lib/csp.ts (the API)', () => {
    const policies = [...headers.matchAll(/^\s+Content-Security-Policy: (.+)$/gm)].map(([, value]) => value);
    expect(policies).toEqual([contentSecurityPolicyHeader()]);
  });
});

describe('the transport and isolation headers', () => {
  it('are the same in public/_headers (static pages) as on the API (HSTS, COOP)', async () => {
    // The API's come from Hono's secureHeaders defaults (api/app.ts overrides only the CSP).
    const api = await new Hono()
      .use(secureHeaders())
      .get('/', (c) => c.text(''))
      .request('/');
    for (const name of ['Strict-Transport-Security', 'Cross-Origin-Opener-Policy']) {
      const value = new RegExp(`^\\s+${name}: (.+)$`, 'm').exec(headers)?.[1];
      expect(value, name).toBe(api.headers.get(name));
    }
  });
});
