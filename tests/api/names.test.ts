import { beforeAll, describe, expect, it } from 'vitest';
import { cast, Client } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  people = await cast();
});

const signUp = (displayName: string) =>
  new Client().api.auth.signup.$post({
    json: {
      email: `n-${crypto.randomUUID().slice(0, 8)}@example.edu`,
      password: 'a long enough password',
      displayName,
    },
  });

describe('cohort names and display names', () => {
  for (const [what, bad] of [
    ['a NUL', 'Ali\u0000'],
    ['a right-to-left override', 'Ali\u202Egnp.exe'],
    ['a control character', 'Ali\u0007'],
  ] as const) {
    it(`refuses ${what} in a display name and in a cohort name with a 400`, async () => {
      const reply = await signUp(bad);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_request');
      const cohort = await people.instructor.client.api.cohorts.$post({ json: { name: bad } });
      expect(cohort.status).toBe(400);
      expect(cohort.body.error.code).toBe('invalid_request');
    });
  }

  it('stores names in NFKC, as nicknames are', async () => {
    const reply = await signUp('\uFF21\uFF4C\uFF49');
    expect(reply.status).toBe(201);
    expect(reply.body.displayName).toBe('Ali');
    const cohort = await people.instructor.client.api.cohorts.$post({ json: { name: '\uFF23lass' } });
    expect(cohort.status).toBe(201);
    expect(cohort.body.name).toBe('Class');
  });
});
