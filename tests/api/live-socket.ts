import { exports } from 'cloudflare:workers';
import type { RosterEntry, ServerMessage } from '../../api/live/protocol';
import { ORIGIN, type Client } from './helpers';

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/**
 * A WebSocket through the Worker, as a browser would open it, with a queue of what the room sent; a refusal comes
 * back as its status and JSON body instead.
 */
export async function connectLive(
  code: string,
  options: { role?: string; client?: Client; token?: string; headers?: Record<string, string> } = {},
) {
  const query = new URLSearchParams({
    role: options.role ?? 'participant',
    ...(options.token ? { token: options.token } : {}),
  });
  const cookies = options.client ? [...options.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  const response = await exports.default.fetch(
    new Request(`${ORIGIN}/api/live/${code}/ws?${query.toString()}`, {
      headers: { Upgrade: 'websocket', ...(cookies ? { Cookie: cookies } : {}), ...options.headers },
    }),
  );
  if (response.status !== 101) return { status: response.status, body: await response.json() } as const;
  const socket = response.webSocket!;
  const inbox: ServerMessage[] = [];
  /** Everything received, never spliced: a leak check reads it all. */
  const raw: string[] = [];
  const waiters: (() => void)[] = [];
  /** The console's roster as a client keeps it: from the last state, with each `roster`'s changes applied. */
  let roster: RosterEntry[] = [];
  socket.addEventListener('message', (event) => {
    raw.push(event.data as string);
    const message = JSON.parse(event.data as string) as ServerMessage;
    if (message.type === 'state' && Array.isArray(message.participants)) roster = message.participants;
    if (message.type === 'roster') {
      const replaced = new Set([...message.removed, ...message.participants.map((p) => p.id)]);
      roster = [...(message.whole ? [] : roster.filter((p) => !replaced.has(p.id))), ...message.participants];
    }
    inbox.push(message);
    waiters.splice(0).forEach((w) => w());
  });
  socket.accept();
  /** The next message of a type (skipping others), waiting if needed. */
  const next = async <T extends ServerMessage['type']>(
    type: T,
    where: (m: Of<T>) => boolean = () => true,
  ): Promise<Of<T>> => {
    for (;;) {
      const index = inbox.findIndex((m) => m.type === type && where(m as Of<T>));
      if (index >= 0) return inbox.splice(index, 1)[0] as Of<T>;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const send = (message: unknown) =>
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  /** The roster once a `roster` message says it has `count` people (the console's and projector's sockets). */
  const rosterOf = async (count: number) => {
    await next('roster', (m) => m.count === count);
    return roster;
  };
  /** The cookie the upgrade set (a participant's device), as `name=value`. */
  const setCookie = response.headers.get('Set-Cookie')?.split(';')[0] ?? null;
  return { status: 101, socket, next, send, inbox, raw, rosterOf, setCookie } as const;
}

/** A WebSocket that must be accepted (see `connectLive`). */
export async function openLive(...args: Parameters<typeof connectLive>) {
  const c = await connectLive(...args);
  if (c.status !== 101) throw new Error(`not upgraded: ${c.status} ${JSON.stringify(c.body)}`);
  return c as Extract<typeof c, { socket: WebSocket }>;
}

export type LiveSocket = Awaited<ReturnType<typeof openLive>>;

/** A participant who has joined: their socket and their `welcome`. */
export async function joinLive(code: string, nickname: string, team?: string) {
  const c = await openLive(code);
  await c.next('state');
  c.send({ type: 'join', nickname, ...(team ? { team } : {}) });
  const welcome = await c.next('welcome');
  return { ...c, welcome };
}
