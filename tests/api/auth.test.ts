import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { PBKDF2_ITERATIONS } from '../../api/lib/passwords';
import { Client, publishShipped, signedUp } from './helpers';

beforeAll(publishShipped);

const password = 'a long enough password';

describe('POST /api/auth/signup', () => {
  it('makes the first account admin and later ones students, signed in with a secure session cookie', async () => {
    const first = new Client();
    const reply = await first.api.auth.signup.$post({
      json: {
        email: 'First@Example.edu',
        password,
        displayName: 'First',
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ email: 'first@example.edu', displayName: 'First', role: 'admin' });
    const cookie = reply.headers.getSetCookie().find((c) => c.startsWith('__Host-cd-session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect((await first.api.auth.me.$get()).body).toMatchObject({ user: { role: 'admin' }, guest: false });

    const { user } = await signedUp('second');
    expect(user.role).toBe('student');
  });

  it('makes an address listed in ADMIN_EMAILS admin, whenever it signs up', async () => {
    await signedUp('before');
    const reply = await new Client().api.auth.signup.$post({
      json: {
        email: 'Dean@Example.edu',
        password,
        displayName: 'Dean',
      },
    });
    expect(reply.body.role).toBe('admin');
  });

  it('stores a salted PBKDF2-SHA256 hash at the highest iteration count Workers allows, never the password', async () => {
    const { user } = await signedUp('hashed');
    const row = await env.DB.prepare('SELECT password_hash FROM users WHERE id = ?')
      .bind(user.id)
      .first<{ password_hash: string }>();
    expect(row!.password_hash).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$`));
    expect(row!.password_hash).not.toContain(password);
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    const other = await signedUp('hashed');
    const otherRow = await env.DB.prepare('SELECT password_hash FROM users WHERE id = ?')
      .bind(other.user.id)
      .first<{ password_hash: string }>();
    expect(otherRow!.password_hash.split('$')[2]).not.toBe(row!.password_hash.split('$')[2]);
  });

  it('refuses a taken email with 409, and bad input with 400 listing every problem', async () => {
    const { user } = await signedUp('taken');
    const again = await new Client().api.auth.signup.$post({
      json: {
        email: user.email.toUpperCase(),
        password,
        displayName: 'X',
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
    const bad = await new Client().api.auth.signup.$post({
      json: {
        email: 'not-an-email',
        password: 'short',
        displayName: '',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect((bad.body.error.details as { path: string }[]).map((d) => d.path).sort()).toEqual([
      'displayName',
      'email',
      'password',
    ]);
  });

  it("refuses the tester's weak passwords, and common or context passwords, with 400 naming the field", async () => {
    const client = new Client();
    for (const weak of [
      'aaaaaaaaaa',
      '1234567890',
      'password12',
      '\0'.repeat(10),
      'crisis-desk-2026!!',
      'Password123456789',
    ]) {
      const reply = await client.call<{ error: { code: string; details: { path: string }[] } }>(
        'POST',
        '/api/auth/signup',
        {
          email: `weak-${crypto.randomUUID().slice(0, 6)}@example.edu`,
          password: weak,
          displayName: 'Weak',
        },
      );
      expect(reply.status, JSON.stringify(weak)).toBe(400);
      expect(reply.body.error.details.map((d) => d.path)).toEqual(['password']);
    }
    const email = `samira.karimi-${crypto.randomUUID().slice(0, 4)}@example.edu`;
    const own = await client.call('POST', '/api/auth/signup', {
      email,
      password: email,
      displayName: 'Samira',
    });
    expect(own.status).toBe(400);
  });

  it('answers malformed JSON with a 400 in the error shape', async () => {
    const reply = await new Client().call<{
      error: { code: string; message: string; details: { path: string }[] };
    }>('POST', '/api/auth/signup', '{"email": ', {});
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toMatch(/invalid_request|bad_request/);
  });
});

describe('POST /api/auth/signin and /signout', () => {
  it('signs in with the right password only, and sign-out ends the session on the server', async () => {
    const { user } = await signedUp('signin');
    const wrong = await new Client().api.auth.signin.$post({
      json: {
        email: user.email,
        password: 'wrong password!',
      },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const unknown = await new Client().api.auth.signin.$post({
      json: { email: 'nobody@example.edu', password },
    });
    expect(unknown.status).toBe(401);

    const client = new Client();
    expect((await client.api.auth.signin.$post({ json: { email: user.email, password } })).status).toBe(200);
    const stolen = new Client();
    stolen.cookies.set('__Host-cd-session', client.cookies.get('__Host-cd-session')!);
    expect((await stolen.api.auth.me.$get()).body.user!.id).toBe(user.id);
    expect((await client.api.auth.signout.$post()).status).toBe(204);
    expect(client.cookies.has('__Host-cd-session')).toBe(false);
    // The old cookie no longer works anywhere: the session row is gone.
    expect((await stolen.api.auth.me.$get()).body.user).toBeNull();
  });

  it('does not honour an expired session', async () => {
    const { client, user } = await signedUp('expired');
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1000, user.id)
      .run();
    expect((await client.api.auth.me.$get()).body.user).toBeNull();
    expect((await client.api.users.$get()).status).toBe(401);
    // Signing in again clears the expired session away.
    await new Client().api.auth.signin.$post({ json: { email: user.email, password } });
    const rows = await env.DB.prepare('SELECT expires_at FROM sessions WHERE user_id = ?')
      .bind(user.id)
      .all<{ expires_at: number }>();
    expect(rows.results.map((r) => r.expires_at > Date.now())).toEqual([true]);
  });

  it("lets the owner in after others' failures from other addresses: the account slows down, never locks", async () => {
    const { user } = await signedUp('targeted');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      // A new address each time, as a spread-out guesser (or someone out to lock the owner out) would do.
      statuses.push(
        (
          await new Client().api.auth.signin.$post({
            json: { email: user.email, password: 'wrong password!' },
          })
        ).status,
      );
    }
    expect(statuses).toEqual(Array(11).fill(401));
    const started = Date.now();
    const owner = await new Client().api.auth.signin.$post({ json: { email: user.email, password } });
    expect(owner.status).toBe(200);
    // Past 10 failures on the account every attempt on it waits (here 2 × 500 ms), the owner's too.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('throttles guessing one account from one address with 429 and Retry-After, for that address only', async () => {
    const { user } = await signedUp('guessed');
    const guesser = new Client();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<Client['api']['auth']['signin']['$post']>> | undefined;
    for (let i = 0; i < 6; i++) {
      last = await guesser.api.auth.signin.$post({
        json: { email: user.email, password: 'wrong password!' },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(last!.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(last!.body.error.code).toBe('rate_limited');
    // Even the right password from that address waits out the window; from another address it gets in.
    expect((await guesser.api.auth.signin.$post({ json: { email: user.email, password } })).status).toBe(429);
    expect((await new Client().api.auth.signin.$post({ json: { email: user.email, password } })).status).toBe(
      200,
    );
  });

  it("lets the owner's known browser in after five failures sent from the owner's own address (the tester's reproduction)", async () => {
    const { user, client: ownBrowser } = await signedUp('victim');
    await ownBrowser.api.auth.signout.$post();
    const shared = ownBrowser.address;
    const signIn = (client: Client, secret: string) =>
      client.call<{ error: { code: string } }>(
        'POST',
        '/api/auth/signin',
        { email: user.email, password: secret },
        { 'CF-Connecting-IP': shared },
      );
    const attacker = new Client();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(attacker, 'wrong password!')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // A browser new to the account at that address still waits out the window: what an attacker can still do.
    expect((await signIn(new Client(), password)).status).toBe(429);
    // The browser that signed up (and so holds a device cookie for the account) is not held by the pair's limit.
    expect((await signIn(ownBrowser, password)).status).toBe(200);
  });

  it('does not let a device cookie be used to guess: past its own ten failures it is worth nothing', async () => {
    const { user, client: known } = await signedUp('devicecap');
    await known.api.auth.signout.$post();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await known.api.auth.signin.$post({ json: { email: user.email, password: 'wrong password!' } }))
          .status,
      );
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    // And a device cookie names one account: it exempts nothing on another.
    const other = await signedUp('othertarget');
    const tries: number[] = [];
    for (let i = 0; i < 6; i++)
      tries.push(
        (
          await known.api.auth.signin.$post({
            json: { email: other.user.email, password: 'wrong password!' },
          })
        ).status,
      );
    expect(tries.at(-1)).toBe(429);
  }, 30_000);

  it('counts failures only per address: a class behind one address all signs in', async () => {
    const nat = '198.51.100.77';
    const students = await Promise.all(Array.from({ length: 22 }, (_, i) => signedUp(`nat${i}`)));
    const statuses: number[] = [];
    for (const { user } of students)
      statuses.push(
        (
          await new Client().call(
            'POST',
            '/api/auth/signin',
            { email: user.email, password },
            { 'CF-Connecting-IP': nat },
          )
        ).status,
      );
    expect(statuses).toEqual(Array(22).fill(200));
  }, 60_000);

  it('rate-limits sign-in failures per address', async () => {
    const client = new Client();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push(
        (await client.api.auth.signin.$post({ json: { email: `x${i}@example.edu`, password } })).status,
      );
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429]);
  }, 30_000);
});

describe('PUT /api/users/:id/role', () => {
  it('lets an admin grant instructor, and nobody raise their own role', async () => {
    const admin = await new Client().api.auth.signin.$post({
      json: { email: 'first@example.edu', password },
    });
    expect(admin.status).toBe(200);
    const adminClient = new Client();
    await adminClient.api.auth.signin.$post({ json: { email: 'first@example.edu', password } });
    const { client: student, user } = await signedUp('promoted');
    expect(
      (await student.api.users[':id'].role.$put({ param: { id: user.id }, json: { role: 'admin' } })).status,
    ).toBe(403);
    expect(
      (await adminClient.api.users[':id'].role.$put({ param: { id: user.id }, json: { role: 'instructor' } }))
        .body,
    ).toMatchObject({
      role: 'instructor',
    });
    expect((await student.api.auth.me.$get()).body.user!.role).toBe('instructor');
    const me = (await adminClient.api.auth.me.$get()).body.user;
    expect(
      (await adminClient.api.users[':id'].role.$put({ param: { id: me!.id }, json: { role: 'student' } }))
        .body.error.code,
    ).toBe('own_role');
    expect(
      (
        await adminClient.api.users[':id'].role.$put({
          param: { id: crypto.randomUUID() },
          json: { role: 'student' },
        })
      ).status,
    ).toBe(404);
    expect((await adminClient.call('PUT', `/api/users/${user.id}/role`, { role: 'emperor' })).status).toBe(
      400,
    );
  });
});

describe('guest play', () => {
  it("keeps a guest's runs under a signed cookie and carries them over at sign-up", async () => {
    const guest = new Client();
    const started = await guest.api.runs.$post({ json: { scenario: 'tehran-after-rask', side: 'tehran' } });
    expect(started.status).toBe(201);
    expect(guest.cookies.has('__Host-cd-guest')).toBe(true);
    expect((await guest.api.auth.me.$get()).body).toEqual({ user: null, guest: true });
    expect((await guest.api.runs[':id'].$get({ param: { id: started.body.run.id } })).status).toBe(200);

    // A forged guest cookie is ignored.
    const forger = new Client();
    forger.cookies.set(
      '__Host-cd-guest',
      guest.cookies.get('__Host-cd-guest')!.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')),
    );
    expect((await forger.api.runs[':id'].$get({ param: { id: started.body.run.id } })).status).toBe(404);

    const signup = await guest.api.auth.signup.$post({
      json: {
        email: 'guest-turned@example.edu',
        password,
        displayName: 'Guest',
      },
    });
    expect(signup.status).toBe(201);
    expect(guest.cookies.has('__Host-cd-guest')).toBe(false);
    const runs = await guest.api.runs.$get();
    expect(runs.body.map((r: { id: string }) => r.id)).toEqual([started.body.run.id]);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write from another origin', async () => {
    const { client } = await signedUp('csrf');
    const reply = await client.api.auth.signout.$post(
      {},
      {
        headers: {
          Origin: 'https://evil.example',
        },
      },
    );
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('forbidden');
    expect((await client.api.auth.me.$get()).body.user).not.toBeNull();
  });
});
