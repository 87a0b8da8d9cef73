import { voteRefusal } from './ballot';
import type { OwnAnswer, OwnVote, ServerMessage } from './protocol';
import type { ShardParticipant, ShardRound, ShardSnapshot, ShardTally } from './sharding';
import { refuse, type Outcome, type Vote } from './state';

type Refusal = Extract<Outcome<never>, { ok: false }>;

/**
 * One fan-out object's share of a room, with no sockets or storage of its own: the participants connected through
 * it, their votes in the open round and the room's latest snapshot. It checks votes with the room's rule
 * (ballot.ts); the room's object stays the source of truth for everything else. Storage keys (kept by the shell):
 * `p:<participant>` and `v:<round id>:<participant>`.
 */
export class ShardRoom {
  readonly participants = new Map<string, ShardParticipant>();
  private readonly tokens = new Map<string, string>();
  /** The votes of `snapshot.round`, by participant. */
  readonly votes = new Map<string, Vote>();

  constructor(
    public snapshot: ShardSnapshot,
    participants: Iterable<ShardParticipant> = [],
    votes: Iterable<[string, Vote]> = [],
  ) {
    for (const p of participants) this.add(p);
    for (const [id, vote] of votes) this.votes.set(id, vote);
  }

  get round(): ShardRound | null {
    return this.snapshot.round;
  }

  add(p: ShardParticipant) {
    const old = this.participants.get(p.id);
    if (old) this.tokens.delete(old.token);
    this.participants.set(p.id, p);
    if (!p.removed) this.tokens.set(p.token, p.id);
  }

  byToken(token: string): ShardParticipant | undefined {
    const id = this.tokens.get(token);
    return id ? this.participants.get(id) : undefined;
  }

  /**
   * Takes the room's new snapshot. When the round changed, the votes held here belonged to the old one: they are
   * dropped (the room collected them if it closed that round), and `dropRound` names them for the shell to delete.
   */
  receive(snapshot: ShardSnapshot): { dropRound: string | null } {
    const before = this.snapshot.round?.id ?? null;
    this.snapshot = snapshot;
    if (before === (snapshot.round?.id ?? null)) return { dropRound: null };
    this.votes.clear();
    return { dropRound: before };
  }

  /** Records (or replaces) a vote in the open round, if it arrives (`now`) before the deadline: key `v:<round id>:<participant>`. */
  vote(
    participantId: string | null,
    choiceId: string,
    reason: string | undefined,
    now: number,
  ): Refusal | { ok: true; value: OwnVote; key: string; vote: Vote } {
    const round = this.round;
    const participant = participantId ? this.participants.get(participantId) : undefined;
    const refused = voteRefusal(
      this.snapshot.mode,
      !!round?.open,
      round ? { side: round.side, choices: round.choices.map((id) => ({ id })) } : undefined,
      participant,
      choiceId,
      round?.closesAt ?? null,
      now,
    );
    if (refused) return refused as Refusal;
    if (!round || !participant) return refuse('voting_closed', 'Voting is not open.') as Refusal;
    const vote: Vote = reason ? { choiceId, reason } : { choiceId };
    this.votes.set(participant.id, vote);
    return { ok: true, value: { roundId: round.id, ...vote }, key: `v:${round.id}:${participant.id}`, vote };
  }

  /**
   * The room is closing round `roundId`: no vote is taken from now on, and the room gets every vote held here.
   * A different round (already replaced) yields nothing.
   */
  close(roundId: string): [string, Vote][] {
    if (this.round?.id !== roundId) return [];
    this.snapshot = { ...this.snapshot, round: { ...this.round, open: false } };
    return [...this.votes];
  }

  /**
   * The room moved or removed a participant. During an open round their vote goes (it was for the old team's
   * decision, or they are gone); returns its storage key when there was one.
   */
  update(p: ShardParticipant): { dropped: string | null } {
    const old = this.participants.get(p.id);
    this.add(p);
    const round = this.round;
    const changed = p.removed || old?.team !== p.team;
    if (round?.open && changed && this.votes.delete(p.id)) return { dropped: `v:${round.id}:${p.id}` };
    return { dropped: null };
  }

  /** This shard's votes in the current round, counted. */
  tally(): ShardTally | null {
    const round = this.round;
    if (!round) return null;
    const counts: Record<string, number> = Object.fromEntries(round.choices.map((id) => [id, 0]));
    for (const vote of this.votes.values()) counts[vote.choiceId] = (counts[vote.choiceId] ?? 0) + 1;
    return { roundId: round.id, counts, votes: this.votes.size };
  }

  /** A participant's own data, as the room would send it (`answer`: theirs to the question on screen, from the room). */
  you(participantId: string, answer: OwnAnswer | null = null): ServerMessage {
    const p = this.participants.get(participantId);
    const round = this.round;
    const vote = round ? this.votes.get(participantId) : undefined;
    return {
      type: 'you',
      participant: p && !p.removed ? { id: p.id, nickname: p.nickname, team: p.team } : null,
      vote:
        vote && round
          ? { roundId: round.id, choiceId: vote.choiceId, ...(vote.reason ? { reason: vote.reason } : {}) }
          : null,
      // Answers to questions are held by the room's object (LiveSession.answer); the shell asks it on a reconnect.
      answer,
    } satisfies ServerMessage;
  }
}
