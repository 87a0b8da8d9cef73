import type { QuestionResult } from './questions';
import type { Decided, Participant, Vote } from './state';

/** What `live_sessions.results` holds. */
export type LiveResults = {
  participants: { id: string; nickname: string; team: string | null; removed?: boolean }[];
  rounds: (Decided & {
    votes: { participantId: string; choiceId: string; reason?: string; hidden?: boolean }[];
  })[];
  ending: string | null;
  /** The knowledge-check questions put to the room, with their counts per option and answers (absent before). */
  questions?: QuestionResult[];
};

/** The results written to D1 at the end, from every stored vote (`v:<round>:<participant>` → vote). */
export function liveResults(
  participants: Iterable<Participant>,
  decided: Decided[],
  storedVotes: Iterable<[string, Vote]>,
  ending: string | null,
  questions: QuestionResult[] = [],
): LiveResults {
  const all = [...storedVotes];
  return {
    participants: [...participants].map(({ id, nickname, team, removed }) => ({
      id,
      nickname,
      team,
      ...(removed ? { removed } : {}),
    })),
    rounds: decided.map((d, index) => ({
      ...d,
      votes: all
        .filter(([key]) => key.startsWith(`v:${index}:`))
        .map(([key, { choiceId, reason, hidden }]) => ({
          participantId: key.split(':')[2]!,
          choiceId,
          ...(reason ? { reason } : {}),
          ...(hidden ? { hidden } : {}),
        })),
    })),
    ending,
    questions,
  };
}
