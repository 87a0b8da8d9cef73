import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMITS } from '../../api/lib/limits';
import { cast, ORIGIN, shipped } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
// No scenario is published: the tests send the shipped files' content as request bodies.
beforeAll(async () => {
  people = await cast();
});

const MB = 1024 * 1024;

/** A JSON-looking body of `chunks` megabytes sent in pieces with no Content-Length; counts the pieces read. */
function chunkedBody(chunks: number) {
  let pulled = 0;
  const piece = new TextEncoder().encode(`"${'x'.repeat(MB - 2)}",`);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === 0) controller.enqueue(new TextEncoder().encode('{"code":['));
      if (pulled++ === chunks) controller.close();
      else controller.enqueue(piece);
    },
  });
  return { stream, pulled: () => pulled };
}

async function send(
  path: string,
  body: BodyInit,
  headers: Record<string, string> = {},
  method = 'POST',
  cookies = '',
) {
  const response = await exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method,
      body,
      headers: {
        Origin: ORIGIN,
        'Content-Type': 'application/json',
        ...(cookies ? { Cookie: cookies } : {}),
        ...headers,
      },
      // @ts-expect-error: a streamed request body needs half duplex (not in every lib's RequestInit yet)
      duplex: 'half',
    }),
  );
  return {
    status: response.status,
    body: await response.json<{ error: { code: string; message: string } }>(),
  };
}

const cookiesOf = (client: { cookies: Map<string, string> }) =>
  [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('request bodies over the limit', () => {
  it('refuses a large body to an ordinary route with 413 too_large, by its Content-Length', async () => {
    const body = JSON.stringify({ code: 'x'.repeat(2 * MB) });
    const reply = await send(
      '/api/cohorts/join',
      body,
      { 'Content-Length': String(body.length) },
      'POST',
      cookiesOf(people.student.client),
    );
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('too_large');
    expect(reply.body.error.message).toContain(`${BODY_LIMITS.defaultBytes / 1024} KB`);
  });

  it('stops reading a chunked body with no Content-Length at the limit and answers 413', async () => {
    const body = chunkedBody(50);
    const reply = await send('/api/cohorts/join', body.stream, {}, 'POST', cookiesOf(people.student.client));
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('too_large');
    // 50 MB were on offer; reading stopped after the first piece passed 64 KB.
    expect(body.pulled()).toBeLessThan(5);
  });

  it('refuses it before asking who is calling: the body is never read for anyone', async () => {
    const body = chunkedBody(50);
    const reply = await send('/api/auth/signin', body.stream);
    expect(reply.status).toBe(413);
    expect(body.pulled()).toBeLessThan(5);
  });

  it('lets studio saves and import carry a whole scenario, but not more', async () => {
    const cookies = cookiesOf(people.instructor.client);
    // The flagship (about 150 KB) is over the ordinary limit and well within the scenario limit.
    const flagship = JSON.stringify({ ...shipped[0], slug: 'imported-flagship' });
    expect(flagship.length).toBeGreaterThan(BODY_LIMITS.defaultBytes);
    expect((await send('/api/scenarios/import', flagship, {}, 'POST', cookies)).status).toBe(201);
    // Over the scenario limit, whether it says so up front or streams it.
    const big = chunkedBody(3);
    const imported = await send('/api/scenarios/import', big.stream, {}, 'POST', cookies);
    expect(imported.status).toBe(413);
    expect(imported.body.error.code).toBe('too_large');
    const created = await people.instructor.client.api.studio.scenarios.$post({
      json: {
        slug: 'big-draft',
        title: 'Big',
      },
    });
    const save = JSON.stringify({
      revision: created.body.revision,
      content: { ...created.body.content, summary: 'x'.repeat(2 * MB) },
    });
    const saved = await send(
      '/api/studio/scenarios/big-draft/draft',
      save,
      { 'Content-Length': String(save.length) },
      'PUT',
      cookies,
    );
    expect(saved.status).toBe(413);
    expect(saved.body.error.code).toBe('too_large');
  });

  it('answers a scenario that fits the body limit but not the scenario limit with the same 413 too_large', async () => {
    const cookies = cookiesOf(people.instructor.client);
    // 1.51 MB: under the body limit (which leaves room for an envelope), over the 1.5 MB scenario limit.
    const base = { ...shipped[1], slug: 'just-over', summary: '' };
    const content = { ...base, summary: 'x'.repeat(1_510_000 - JSON.stringify(base).length) };
    const reply = await send('/api/scenarios/import', JSON.stringify(content), {}, 'POST', cookies);
    expect(reply.status).toBe(413);
    expect(reply.body.error).toMatchObject({ code: 'too_large' });
    expect(reply.body.error.message).toMatch(/limit is 1\.5 MB/);
  });
});
