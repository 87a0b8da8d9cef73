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

describe("errors in the reader's language", () => {
  it('answers in Persian or Urdu by Accept-Language or the lang cookie, with the same code and status', async () => {
    const fa = await new Client().call('GET', '/api/runs/not-a-run-id', undefined, {
      'accept-language': 'fa-IR,en;q=0.8',
    });
    expect(fa.status).toBe(400);
    expect(fa.body).toMatchObject({
      error: { code: 'invalid_request', message: 'درخواست معتبر نیست. موارد مشخص‌شده را اصلاح کنید.' },
    });
    const ur = await new Client().call(
      'PUT',
      '/api/users/me/locale',
      { locale: 'ur' },
      { cookie: 'lang=ur' },
    );
    expect(ur.status).toBe(401);
    expect(ur.body).toMatchObject({ error: { code: 'unauthenticated', message: 'پہلے سائن اِن کریں۔' } });
    const en = await new Client().call('PUT', '/api/users/me/locale', { locale: 'ur' });
    expect(en.body).toMatchObject({ error: { code: 'unauthenticated', message: 'Sign in first.' } });
  });

  it('says in the OpenAPI document how the language is chosen', async () => {
    const doc = await new Client().call('GET', '/api/openapi.json');
    expect((doc.body as { info: { description: string } }).info.description).toContain('Accept-Language');
  });
});
