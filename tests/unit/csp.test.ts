import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyHeader } from '../../api/lib/csp';

// Static assets never reach the Worker: public/_headers gives them the policy that api/lib/csp.ts gives the API.
const headers = readFileSync(new URL('../../public/_headers', import.meta.url), 'utf8');

describe('the content security policy', () => {
  it('is the same in public/_headers (static assets) as in api/lib/csp.ts (the API)', () => {
    const policies = [...headers.matchAll(/^\s+Content-Security-Policy: (.+)$/gm)].map(([, value]) => value);
    expect(policies).toEqual([contentSecurityPolicyHeader()]);
  });
});
