import { describe, expect, it } from 'vitest';
import { Client, signedUp } from './helpers';

describe('PUT /api/users/me/locale', () => {
  it("stores the language on the caller's account, where /me reads it back on another device", async () => {
    const { client } = await signedUp('farsi-reader');
    expect((await client.api.auth.me.$get()).body).toMatchObject({ user: { locale: null } });
    const reply = await client.api.users.me.locale.$put({ json: { locale: 'fa' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ locale: 'fa' });
    expect((await client.api.auth.me.$get()).body).toMatchObject({ user: { locale: 'fa' } });
  });

  it('refuses a language the app does not speak', async () => {
    const { client } = await signedUp('klingon-reader');
    const reply = await client.api.users.me.locale.$put({ json: { locale: 'tlh' as 'fa' } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('refuses a guest (whose choice stays in the browser)', async () => {
    const reply = await new Client().api.users.me.locale.$put({ json: { locale: 'ur' } });
    expect(reply.status).toBe(401);
  });
});
