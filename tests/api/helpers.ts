import { env, exports } from 'cloudflare:workers';
import { hc } from 'hono/client';
import type { AppType } from '../../api/app';
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

/** What a test reads of a response: the status, the parsed JSON body (or the text), the headers and the raw text. */
export type Reply<T = unknown> = { status: number; body: T; headers: Headers; text: string };

/** The one error shape (api/lib/errors.ts), which any route may answer with. */
export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/**
 * A typed call's body as a test reads it: the route's declared success body, and on a failure the error shape.
 * Tests check the status before the body, so both are offered; a route whose output changes breaks the test here.
 */
export type Body<R> = [Success<R>] extends [never] ? ErrorBody : Success<R> & ErrorBody;

/** The bodies of a response union's successful members. */
type Success<R> = Exclude<R extends { json(): Promise<infer B> } ? B : never, { error: unknown }>;

/** The typed client's tree with every request method (`$get`, `$post`, …) answering a `Reply` instead of a Response. */
type Replying<T> = {
  [K in keyof T]: K extends '$url' | '$path' | '$ws'
    ? T[K]
    : T[K] extends (...args: infer A) => Promise<infer R>
      ? (...args: A) => Promise<Reply<Body<R>>>
      : Replying<T[K]>;
};

type Api = ReturnType<typeof hc<AppType>>['api'];

/** Reads a response the way every test does: cookies are taken by the caller, the body parsed when it is JSON. */
async function read(response: Response): Promise<Reply> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers, text };
}

/** hc's client as it is at run time: a function that is also an object of further such proxies at every key. */
type ClientProxy = ((...args: unknown[]) => unknown) & { [key: string]: ClientProxy };

/** Wraps hc's proxy so that a request method's Response comes back as a Reply; paths and `$url` pass through. */
function replying(target: ClientProxy): unknown {
  return new Proxy(() => {}, {
    get: (_, key) => (typeof key !== 'string' || key === 'then' ? undefined : replying(target[key]!)),
    apply: (_, __, args: unknown[]) => {
      const out = target(...args);
      return out instanceof Promise ? out.then(read) : out;
    },
  });
}

let addresses = 0;

/**
 * A browser-like caller: keeps cookies, sends a same-origin Origin header, has its own address (for rate limits).
 * `api` is Hono's typed client on the Worker's fetch, so a test's paths, inputs and the bodies it reads are
 * checked against the routes; `call` sends a raw request, for tests of input the routes' types refuse.
 * @example
 * const { client } = await signedUp();
 * const reply = await client.api.runs.$post({ json: { scenario: 'fixture', side: 'alpha' } });
 * expect(reply.body.run.status).toBe('in_progress');
 */
export class Client {
  readonly cookies = new Map<string, string>();
  readonly address = `203.0.113.${++addresses % 250}`;
  readonly api = replying(
    hc<AppType>(ORIGIN, { fetch: (input: RequestInfo | URL, init?: RequestInit) => this.fetch(input, init) })
      .api as unknown as ClientProxy,
  ) as Replying<Api>;

  /** Sends a request as this caller: its cookies, Origin and address unless the request sets its own. */
  async fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({
      Origin: ORIGIN,
      'CF-Connecting-IP': this.address,
      ...(this.cookies.size ? { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
    });
    new Headers(init.headers).forEach((value, key) => headers.set(key, value));
    // Like a test of a browser's first hop: redirects are answered, not followed (the LTI login sends the browser away).
    const response = await exports.default.fetch(
      new Request(input, { ...init, headers, redirect: 'manual' }),
    );
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return response;
  }

  /** A raw request (any method, path, body or header), for input the typed client would not let a test send. */
  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const response = await this.fetch(`${ORIGIN}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return read(response) as Promise<Reply<T>>;
  }
  /** @deprecated Untyped; use `api` (or `call` for input the routes refuse). Kept for the live tests. */
  get = <T = unknown>(path: string) => this.call<T>('GET', path);
  /** @deprecated Untyped; use `api` (or `call` for input the routes refuse). Kept for the live tests. */
  post = <T = unknown>(path: string, body?: unknown) => this.call<T>('POST', path, body);
  /** @deprecated Untyped; use `api` (or `call` for input the routes refuse). */
  put = <T = unknown>(path: string, body?: unknown) => this.call<T>('PUT', path, body);
}

let emails = 0;

/** Signs a new client up; returns it and its user. */
export async function signedUp(
  name = 'user',
): Promise<{ client: Client; user: { id: string; email: string; role: string } }> {
  const client = new Client();
  const email = `${name.replace(/[^a-z0-9]/gi, '') || 'user'}-${++emails}-${crypto.randomUUID().slice(0, 6)}@example.edu`;
  const reply = await client.api.auth.signup.$post({
    json: { email, password: 'a long enough password', displayName: name },
  });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${reply.text}`);
  return { client, user: reply.body };
}

/** Everyone the access tests need: an admin (the first account), an instructor, two students and a guest. */
export async function cast() {
  const admin = await signedUp('admin');
  const instructor = await signedUp('instructor');
  await admin.client.api.users[':id'].role.$put({
    param: { id: instructor.user.id },
    json: { role: 'instructor' },
  });
  const student = await signedUp('student');
  const otherStudent = await signedUp('other');
  return { admin, instructor, student, otherStudent, guest: { client: new Client() } };
}

/** The cast with a second instructor, `rival`, and the shipped scenarios published: for the authoring tests. */
export async function castWithRival() {
  await publishShipped();
  const people = await cast();
  const rival = await signedUp('rival');
  await people.admin.client.api.users[':id'].role.$put({
    param: { id: rival.user.id },
    json: { role: 'instructor' },
  });
  return { people, rival };
}

/** Plays a run (for an assignment, if given) to its end with `pick` choosing; checks every response on the way. */
export async function playToEnd(
  client: Client,
  scenario: string,
  side: string,
  pick: (view: View) => string,
  onReply?: (reply: Reply<{ view: View }>) => void,
  assignmentId?: string,
) {
  let reply = await client.api.runs.$post({
    json: { scenario, side, ...(assignmentId ? { assignmentId } : {}) },
  });
  if (reply.status !== 201) throw new Error(`start failed: ${reply.status} ${reply.text}`);
  onReply?.(reply);
  const runId = reply.body.run.id;
  for (let guard = 0; reply.body.view.status === 'deciding'; guard++) {
    if (guard > 100) throw new Error('no ending');
    const view = reply.body.view;
    reply = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: view.step, choiceId: pick(view) },
    });
    if (reply.status !== 200) throw new Error(`choice failed: ${reply.status} ${reply.text}`);
    onReply?.(reply);
  }
  return { runId, reply };
}
