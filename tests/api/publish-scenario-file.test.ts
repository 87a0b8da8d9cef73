import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { publishScenarioFile } from '../../api/db/queries/scenarios';
import { createDb } from '../../api/db';

const versionsOf = async (slug: string) =>
  (
    await env.DB.prepare(
      'SELECT v.version, v.status, v.content FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id WHERE s.slug = ? ORDER BY v.version',
    )
      .bind(slug)
      .all<{ version: number; status: string; content: string }>()
  ).results;

describe('publishScenarioFile', () => {
  it('publishes a new scenario once, however often it is seeded', async () => {
    const db = createDb(env.DB);
    const file = { slug: 'demo', title: 'Demo', content: '{"v":1}' };
    expect(await publishScenarioFile(db, file)).toBe('published');
    expect(await publishScenarioFile(db, file)).toBe('unchanged');
    expect(await versionsOf('demo')).toEqual([{ version: 1, status: 'published', content: '{"v":1}' }]);
  });

  it('publishes a changed file as a new version and retires the old one, which stays for pinned runs', async () => {
    const db = createDb(env.DB);
    await publishScenarioFile(db, { slug: 'changing', title: 'C', content: '{"v":1}' });
    expect(await publishScenarioFile(db, { slug: 'changing', title: 'C', content: '{"v":2}' })).toBe(
      'published',
    );
    expect(await versionsOf('changing')).toEqual([
      { version: 1, status: 'retired', content: '{"v":1}' },
      { version: 2, status: 'published', content: '{"v":2}' },
    ]);
    // Going back to an earlier file republishes that version instead of copying it.
    await publishScenarioFile(db, { slug: 'changing', title: 'C', content: '{"v":1}' });
    expect((await versionsOf('changing')).map((v) => v.status)).toEqual(['published', 'retired']);
  });
});
