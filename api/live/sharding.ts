import type { Participant } from './state';

/** The most participants a session may have, whatever its facilitator asks for. */
export const MAX_PARTICIPANTS_LIMIT = 10_000;
/** A session's cap when its facilitator sets none (and `LIVE_MAX_PARTICIPANTS` is unset). */
export const DEFAULT_MAX_PARTICIPANTS = 2_000;
/** Participants one object serves; a session whose cap is larger spreads them over fan-out objects. */
export const DEFAULT_SHARD_SIZE = 2_000;

/**
 * How many fan-out objects a session with this cap uses: none (the room's own object holds every socket) up to one
 * shard's size, else enough shards of `shardSize`. Fixed when the session is created, so a participant's shard never
 * moves.
 *
 * @example shardsFor(2_000, 2_000) // 0
 * @example shardsFor(10_000, 2_000) // 5
 */
export function shardsFor(maxParticipants: number, shardSize: number): number {
  return maxParticipants > shardSize ? Math.ceil(maxParticipants / shardSize) : 0;
}

/** A fan-out object's name: `<code>/shard-<n>`. */
export const shardName = (code: string, shard: number) => `${code}/shard-${shard}`;

/** The code and number in a fan-out object's name, or null. */
export function parseShardName(name: string): { code: string; shard: number } | null {
  const match = /^([A-HJ-NP-Z2-9]{6})\/shard-(\d{1,3})$/.exec(name);
  return match ? { code: match[1]!, shard: Number(match[2]) } : null;
}

/** The open round as a shard needs it to check votes: which choices, whose turn, and whether votes are taken. */
export type ShardRound = {
  id: string;
  index: number;
  /** The deciding side in team mode; null in room mode. */
  side: string | null;
  choices: string[];
  /** Open, not paused, and not being closed: a vote is taken. */
  open: boolean;
  /** The deadline while the timer runs: a vote the shard's clock sees after it is refused (absent: none). */
  closesAt?: number | null;
};

/**
 * What the room's object pushes to each shard: the round, one serialised state per participant audience (the
 * same strings the room would send, `participants` included for sockets not yet joined), and the latest count
 * messages for sockets that connect between states.
 */
export type ShardSnapshot = {
  code: string;
  mode: 'room' | 'teams';
  ended: boolean;
  round: ShardRound | null;
  views: Record<string, string>;
  counts: Counts;
};

/** The latest `participants`, `votes` and `answers` (how many answered the question on screen) messages, serialised. */
export type Counts = { participants?: string; votes?: string; answers?: string };

/** A shard's votes in one round, counted: what it sends the room at most every 100 ms. */
export type ShardTally = { roundId: string; counts: Record<string, number>; votes: number };

/** A participant as the room tells a shard about them (their copy lives in the shard's storage too). */
export type ShardParticipant = Pick<Participant, 'id' | 'token' | 'nickname' | 'team' | 'removed'>;

/** Adds the shards' partial tallies of the round `roundId` to the counts of the votes the room holds itself. */
export function mergeTallies(
  counts: Record<string, number>,
  partials: Iterable<ShardTally>,
  roundId: string,
): { counts: Record<string, number>; votes: number } {
  const merged = { ...counts };
  let votes = 0;
  for (const partial of partials) {
    if (partial.roundId !== roundId) continue;
    votes += partial.votes;
    for (const [choice, n] of Object.entries(partial.counts)) merged[choice] = (merged[choice] ?? 0) + n;
  }
  return { counts: merged, votes };
}
