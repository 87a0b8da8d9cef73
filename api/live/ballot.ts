import type { ScenarioNode as Node } from '../engine';
import type { ReasonGroup } from './protocol';
import type { LiveConfig, Participant, Vote } from './state';
import { refuse, type Outcome } from './state';

/** Votes per choice: every choice of the decision (0 when nobody chose it), then the votes counted. */
export function countVotes(node: Node, votes: Iterable<Vote>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const choice of node.choices ?? []) counts[choice.id] = 0;
  for (const vote of votes) counts[vote.choiceId] = (counts[vote.choiceId] ?? 0) + 1;
  return counts;
}

/** The choices with the most votes (none when nobody voted). */
export function leadersOf(tally: Record<string, number>): string[] {
  const top = Math.max(0, ...Object.values(tally));
  return top > 0 ? Object.keys(tally).filter((id) => tally[id] === top) : [];
}

/** What the vote rule needs of a decision: whose turn it is and its choices' ids. */
type VoteTarget = { side: string | null; choices?: readonly { id: string }[] };

/**
 * Why a participant may not cast this vote now, or null when they may: the one rule for the room and its shards.
 * `open` is whether the round takes votes (open and not paused); `closesAt` its deadline, compared with `now` (the
 * object's clock), so a vote after it is refused even if the closing alarm has not run yet.
 */
export function voteRefusal(
  mode: LiveConfig['mode'],
  open: boolean,
  target: VoteTarget | undefined,
  participant: Pick<Participant, 'team' | 'removed'> | undefined,
  choiceId: string,
  closesAt: number | null,
  now: number,
): Outcome<never> | null {
  if (!participant || participant.removed) return refuse('not_joined', 'Join with a nickname first.');
  if (!open || !target) return refuse('voting_closed', 'Voting is not open.');
  if (closesAt !== null && now >= closesAt)
    return refuse('voting_closed', 'Time is up: this vote has closed.');
  if (mode === 'teams' && target.side !== participant.team)
    return refuse('not_your_turn', 'The other team decides this one.');
  if (!target.choices?.some((c) => c.id === choiceId))
    return refuse('unknown_choice', 'That is not one of the choices.');
  return null;
}

/** The reasons given, grouped by choice in the decision's order; hidden ones only `withHidden`. */
export function reasonGroups(
  node: Node,
  votes: Iterable<[string, Vote]>,
  nicknameOf: (participantId: string) => string,
  withHidden: boolean,
): ReasonGroup[] {
  const groups = (node.choices ?? []).map((c): ReasonGroup => ({
    choiceId: c.id,
    label: c.label,
    reasons: [],
  }));
  for (const [participantId, vote] of votes) {
    if (!vote.reason || (vote.hidden && !withHidden)) continue;
    groups
      .find((g) => g.choiceId === vote.choiceId)
      ?.reasons.push({
        participantId,
        nickname: nicknameOf(participantId),
        reason: vote.reason,
        hidden: !!vote.hidden,
      });
  }
  return groups;
}
