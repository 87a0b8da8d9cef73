import { describe, expect, it } from 'vitest';
import { nicknameSchema } from '../../api/live/protocol';
import { Room } from '../../api/live/room';
import { ShardRoom } from '../../api/live/shard';
import { parseShardName, shardName, shardsFor, type ShardSnapshot } from '../../api/live/sharding';
import { shippedScenarios } from '../fixtures/shipped-scenarios';

const islamabad = shippedScenarios.find((s) => s.scenario.slug === 'islamabad-48-hours')!.scenario;
const T0 = 1_800_000_000_000;

function shardedRoom(shards = 3) {
  return new Room({
    sessionId: 's',
    code: 'ABC234',
    scenario: islamabad,
    mode: 'room',
    side: 'islamabad',
    facilitatorId: 'f',
    maxParticipants: 100,
    seed: 'seed',
    shards,
  });
}

const snapshot = (round: ShardSnapshot['round']): ShardSnapshot => ({
  code: 'ABC234',
  mode: 'room',
  ended: false,
  round,
  views: { participants: '{}' },
  counts: {},
});
const openRound = {
  id: 'r1',
  index: 0,
  side: null,
  choices: ['first-measured', 'first-loud', 'first-private'],
  open: true,
  closesAt: T0 + 10_000,
};

describe('sharding', () => {
  it('uses shards only past one shard size, and names them by the code', () => {
    expect(shardsFor(2_000, 2_000)).toBe(0);
    expect(shardsFor(2_001, 2_000)).toBe(2);
    expect(shardsFor(10_000, 2_000)).toBe(5);
    expect(parseShardName(shardName('ABC234', 4))).toEqual({ code: 'ABC234', shard: 4 });
    expect(parseShardName('ABC234')).toBeNull();
  });
});

describe('ShardRoom', () => {
  it("checks votes with the room's rule and stops taking them when the room collects them", () => {
    const shard = new ShardRoom(snapshot(openRound), [{ id: 'a', token: 'ta', nickname: 'Ann', team: null }]);
    expect(shard.vote(null, 'first-loud', undefined, T0)).toMatchObject({ ok: false, code: 'not_joined' });
    expect(shard.vote('a', 'nope', undefined, T0)).toMatchObject({ ok: false, code: 'unknown_choice' });
    expect(shard.vote('a', 'first-loud', 'Why not.', T0)).toMatchObject({ ok: true, key: 'v:r1:a' });
    expect(shard.tally()).toEqual({
      roundId: 'r1',
      counts: { 'first-measured': 0, 'first-loud': 1, 'first-private': 0 },
      votes: 1,
    });
    expect(shard.close('other')).toEqual([]);
    expect(shard.close('r1')).toEqual([['a', { choiceId: 'first-loud', reason: 'Why not.' }]]);
    expect(shard.vote('a', 'first-measured', undefined, T0)).toMatchObject({
      ok: false,
      code: 'voting_closed',
    });
  });

  it("refuses a vote after the round's deadline by the shard's clock", () => {
    const shard = new ShardRoom(snapshot(openRound), [{ id: 'a', token: 'ta', nickname: 'Ann', team: null }]);
    expect(shard.vote('a', 'first-loud', undefined, T0 + 9_999).ok).toBe(true);
    expect(shard.vote('a', 'first-measured', undefined, T0 + 10_000)).toMatchObject({
      ok: false,
      code: 'voting_closed',
      message: expect.stringMatching(/time/i) as string,
    });
    expect(shard.tally()!.counts['first-loud']).toBe(1);
  });

  it('drops the old round’s votes on a new round, and a vote of someone moved or removed mid-vote', () => {
    const shard = new ShardRoom(snapshot(openRound), [
      { id: 'a', token: 'ta', nickname: 'Ann', team: null },
      { id: 'b', token: 'tb', nickname: 'Bea', team: null },
    ]);
    shard.vote('a', 'first-loud', undefined, T0);
    shard.vote('b', 'first-loud', undefined, T0);
    expect(shard.update({ id: 'b', token: 'tb', nickname: 'Bea', team: null, removed: true })).toEqual({
      dropped: 'v:r1:b',
    });
    expect(shard.byToken('tb')).toBeUndefined();
    expect(shard.receive(snapshot({ ...openRound, id: 'r2' }))).toEqual({ dropRound: 'r1' });
    expect(shard.tally()!.votes).toBe(0);
  });
});

describe('Room: sharded', () => {
  it('merges partial tallies of the open round only, and closes with the collected votes exactly', () => {
    const r = shardedRoom();
    const [a, b, c] = ['Ann', 'Bea', 'Cal'].map((n, i) => {
      const joined = r.join(nicknameSchema.parse(n), undefined, i);
      if (!joined.ok) throw new Error(joined.code);
      return joined.value;
    });
    expect(a!.shard).toBe(0);
    r.control({ type: 'open' }, T0);
    const id = r.state.round!.id!;
    expect(r.acceptPartial(0, { roundId: id, counts: { 'first-loud': 2 }, votes: 2 })).not.toBeNull();
    expect(r.acceptPartial(1, { roundId: 'stale', counts: { 'first-loud': 5 }, votes: 5 })).toBeNull();
    expect(r.acceptPartial(7, { roundId: id, counts: { 'first-loud': 5 }, votes: 5 })).toBeNull();
    expect(r.tally()).toEqual({ 'first-measured': 0, 'first-loud': 2, 'first-private': 0 });
    expect(r.voteCount()).toBe(2);
    // The partial was late: the close counts the votes themselves.
    const closed = r.closeWith([
      [a!.id, { choiceId: 'first-loud' }],
      [b!.id, { choiceId: 'first-loud', reason: 'Loud.' }],
      [c!.id, { choiceId: 'first-private' }],
    ]);
    expect(closed.ok && closed.change.put).toMatchObject({ [`v:0:${b!.id}`]: { reason: 'Loud.' } });
    expect(closed.ok && closed.change.delete).toEqual(['t:0', 't:1', 't:2']);
    expect(r.view('participants').round).toMatchObject({
      status: 'closed',
      votes: 3,
      tally: { 'first-measured': 0, 'first-loud': 2, 'first-private': 1 },
    });
    expect(r.closeWith([])).toMatchObject({ ok: false, code: 'not_open' });
  });
});
