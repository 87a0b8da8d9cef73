import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { cast, shipped } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  people = await cast();
});

const flagship = (slug: string) => ({
  ...structuredClone(shipped.find((s) => s.slug === 'strikes-across-the-border')!),
  slug,
  title: slug,
});

/** A condition wrapped `levels` times in `any` (or `not`) around a plain flag test. */
const nested = (levels: number, wrap: 'any' | 'not') => {
  let c: unknown = { flag: 'x', is: true };
  for (let i = 0; i < levels; i++) c = wrap === 'any' ? { any: [c] } : { not: c };
  return c;
};

type Problem = { path: string; rule: string; message: string };

describe('deeply nested scenario input', () => {
  for (const [levels, wrap] of [
    [900, 'any'],
    [2_000, 'not'],
    [13, 'any'],
  ] as const) {
    it(`refuses a condition nested ${levels} deep in "${wrap}" on import with a 400 naming the path`, async () => {
      const file = flagship(`deep-${wrap}-${levels}`);
      (file.endings[0] as { when?: unknown }).when = nested(levels, wrap);
      const reply = await people.instructor.client.api.scenarios.import.$post({ query: {}, json: file });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_scenario');
      const problems = reply.body.error.details as Problem[];
      expect(problems).toContainEqual(
        expect.objectContaining({
          rule: 'depth',
          path: expect.stringMatching(/^endings\[0\]\.when/) as string,
        }),
      );
    });
  }

  it('accepts a condition nested within the cap', async () => {
    const file = flagship('deep-enough');
    (file.endings[0] as { when?: unknown }).when = nested(8, 'not');
    const reply = await people.instructor.client.api.scenarios.import.$post({ query: {}, json: file });
    expect(reply.body.error?.details ?? []).not.toContainEqual(expect.objectContaining({ rule: 'depth' }));
  });

  it('refuses to save a draft holding a 20,000-deep object, and the draft still opens', async () => {
    const me = people.instructor.client;
    const created = await me.api.studio.scenarios.$post({
      json: { slug: 'deep-draft', title: 'Deep draft' },
    });
    expect(created.status).toBe(201);
    let deep: unknown = {};
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const saved = await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'deep-draft' },
      json: { revision: created.body.revision, content: { ...created.body.content, notes: deep } },
    });
    expect(saved.status).toBe(400);
    expect(saved.body.error.code).toBe('too_deep');
    expect(saved.body.error.message).toMatch(/notes\.a\.a/);
    const opened = await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'deep-draft' } });
    expect(opened.status).toBe(200);
  });

  it('opens a draft already stored with a 20,000-deep object, listing the depth as a problem', async () => {
    const me = people.instructor.client;
    const created = await me.api.studio.scenarios.$post({
      json: { slug: 'deep-stored', title: 'Deep stored' },
    });
    expect(created.status).toBe(201);
    // Stored before the cap existed: written straight into D1, as an older Worker accepted it.
    const text = JSON.stringify({ ...created.body.content, notes: 0 }).replace(
      '"notes":0',
      `"notes":${'{"a":'.repeat(20_000)}{}${'}'.repeat(20_000)}`,
    );
    await env.DB.prepare(
      "UPDATE scenario_versions SET content = ? WHERE scenario_id = (SELECT id FROM scenarios WHERE slug = 'deep-stored')",
    )
      .bind(text)
      .run();
    const opened = await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'deep-stored' } });
    expect(opened.status).toBe(200);
    expect(opened.body.problems as Problem[]).toContainEqual(
      expect.objectContaining({ rule: 'depth', path: expect.stringMatching(/^notes\.a/) as string }),
    );
    const exported = await me.api.studio.scenarios[':slug'].export.$get({ param: { slug: 'deep-stored' } });
    expect(exported.status).toBe(200);
  });
});
