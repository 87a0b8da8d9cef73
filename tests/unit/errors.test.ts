import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError, ERROR_CODES, ERROR_STATUS } from '../../api/lib/errors';

const architecture = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');

/** The rows of the table in docs/architecture.md's "Errors" section: code → status as written. */
const documented = new Map(
  [...architecture.matchAll(/^\| `([a-z_]+)` \| (\d{3}|any) \|/gm)].map(([, code, status]) => [
    code!,
    status!,
  ]),
);

describe('the error codes', () => {
  it('are documented in docs/architecture.md, each with its status', () => {
    expect(Object.fromEntries(documented)).toEqual({
      ...Object.fromEntries(Object.entries(ERROR_STATUS).map(([code, status]) => [code, String(status)])),
      http_error: 'any',
    });
  });

  it('are listed once each for the OpenAPI schema', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect([...ERROR_CODES].sort()).toEqual([...documented.keys()].sort());
  });

  it('are the only ones ApiError takes, each with its own status (checked by tsc -b)', () => {
    expect(new ApiError(404, 'not_found', 'No such run.').status).toBe(404);
    // @ts-expect-error: not a code
    expect(new ApiError(400, 'no_such_code', 'x').code).toBe('no_such_code');
    // @ts-expect-error: too_large is 413
    expect(new ApiError(400, 'too_large', 'x').status).toBe(400);
  });
});
