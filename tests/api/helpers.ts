import { exports } from 'cloudflare:workers';
import { env } from 'cloudflare:workers';
import islamabad from '../../scenarios/islamabad-48-hours.json';
import flagship from '../../scenarios/strikes-across-the-border.json';
import tehran from '../../scenarios/tehran-after-rask.json';
import { publishScenarioFile } from '../../api/db/queries/scenarios';
import { createDb } from '../../api/db';
import type { Scenario, View } from '../../api/engine';

export const ORIGIN = 'http://crisis-desk.test';
export const shipped = [flagship, islamabad, tehran] as unknown as Scenario[];

/** Publishes the three shipped scenarios into this test file's D1. */
export async function publishShipped(): Promise<void> {
  const db = createDb(env.DB);
  for (const scenario of shipped) {
    await publishScenarioFile(db, {
      slug: scenario.slug,
      title: scenario.title,
      content: JSON.stringify(scenario),
    });
  }
}

export type Reply<T = any> = { status: number; body: T; headers: Headers; text: string };

let addresses = 0;

/** A browser-like caller: keeps cookies, sends a same-origin Origin header, has its own address (for rate limits). */
export class Client {
  readonly cookies = new Map<string, string>();
  readonly address = `203.0.113.${++addresses % 250}`;

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const init: RequestInit = {
      method,
      // Like a test of a browser's first hop: redirects are answered, not followed (the LTI login sends the browser away).
      redirect: 'manual',
      headers: {
        Origin: ORIGIN,
        'CF-Connecting-IP': this.address,
        ...(this.cookies.size ? { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    };
    const response = await exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }
  get = <T = any>(path: string) => this.call<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.call<T>('POST', path, body);
  put = <T = any>(path: string, body?: unknown) => this.call<T>('PUT', path, body);
}

let emails = 0;

/** Signs a new client up; returns it and its user. */
export async function signedUp(
  name = 'user',
): Promise<{ client: Client; user: { id: string; email: string; role: string } }> {
  const client = new Client();
  const email = `${name.replace(/[^a-z0-9]/gi, '') || 'user'}-${++emails}-${crypto.randomUUID().slice(0, 6)}@example.edu`;
  const reply = await client.post('/api/auth/signup', {
    email,
    password: 'a long enough password',
    displayName: name,
  });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${reply.text}`);
  return { client, user: reply.body };
}

/** Everyone the access tests need: an admin (the first account), an instructor, two students and a guest. */
export async function cast() {
  const admin = await signedUp('admin');
  const instructor = await signedUp('instructor');
  await admin.client.put(`/api/users/${instructor.user.id}/role`, { role: 'instructor' });
  const student = await signedUp('student');
  const otherStudent = await signedUp('other');
  return { admin, instructor, student, otherStudent, guest: { client: new Client() } };
}

/** Plays a run to its end with `pick` choosing; checks every response on the way. */
export async function playToEnd(
  client: Client,
  scenario: string,
  side: string,
  pick: (view: View) => string,
  onReply?: (reply: Reply<{ view: View }>) => void,
) {
  let reply = await client.post<{ run: { id: string }; view: View }>('/api/runs', { scenario, side });
  if (reply.status !== 201) throw new Error(`start failed: ${reply.status} ${reply.text}`);
  onReply?.(reply);
  const runId = reply.body.run.id;
  for (let guard = 0; reply.body.view.status === 'deciding'; guard++) {
    if (guard > 100) throw new Error('no ending');
    const view = reply.body.view;
    reply = await client.post(`/api/runs/${runId}/choices`, { step: view.step, choiceId: pick(view) });
    if (reply.status !== 200) throw new Error(`choice failed: ${reply.status} ${reply.text}`);
    onReply?.(reply);
  }
  return { runId, reply };
}
