import { beforeAll, describe, expect, it } from 'vitest';
import { Client, publishShipped, signedUp } from './helpers';

beforeAll(publishShipped);

describe('D1 sessions: reads that may go to a replica, with read-your-own-writes', () => {
  it('hands the browser a bookmark after its write, and its next reads see the write', async () => {
    const { client } = await signedUp('bookmarked');
    const started = await client.api.runs.$post({
      json: { scenario: 'islamabad-48-hours', side: 'islamabad' },
    });
    expect(started.status).toBe(201);
    const bookmark = client.cookies.get('__Host-cd-d1');
    expect(bookmark).toMatch(/^[0-9a-f]+(-[0-9a-f]+)*$/i);
    expect(started.headers.getSetCookie().find((c) => c.startsWith('__Host-cd-d1='))).toMatch(
      /HttpOnly.*Secure|Secure.*HttpOnly/i,
    );
    const runId = started.body.run.id;
    const view = started.body.view;
    const chosen = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: view.step, choiceId: view.decision!.choices[0]!.id },
    });
    expect(chosen.status).toBe(200);
    // The bookmark moved on with the write; the reads that follow (resume, my runs, progress) are at least that new.
    const after = client.cookies.get('__Host-cd-d1')!;
    expect(after >= bookmark!).toBe(true);
    const resumed = await client.api.runs[':id'].$get({ param: { id: runId } });
    expect(resumed.body.run.step).toBe(1);
    const mine = await client.api.runs.$get();
    expect(mine.body.find((r) => r.id === runId)?.step).toBe(1);
    const progress = await client.call<unknown>('GET', '/api/progress');
    expect(progress.status).toBe(200);
  });

  it('ignores a bookmark cookie that is not one', async () => {
    const client = new Client();
    client.cookies.set('__Host-cd-d1', 'not a bookmark; drop table');
    const catalog = await client.api.scenarios.$get();
    expect(catalog.status).toBe(200);
    client.cookies.set('__Host-cd-d1', '00000000-00000000-00000000-ffffffffffffffff');
    expect((await client.api.scenarios.$get()).status).toBe(200);
  });
});
