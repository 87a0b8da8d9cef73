import { isCorrect, shuffledOptions, type Check, type Scenario } from '../engine';
import { citedSources } from '../engine';
import type { OwnAnswer, PointsEntry, QuestionView, ServerMessage } from './protocol';
import { change, refuse, type Audience, type Outcome, type Participant, type RoomState } from './state';

/** How long a question stays open when the facilitator names no time. */
const DEFAULT_QUESTION_SECONDS = 30;
/** How many lines the points board shows. */
const BOARD_SIZE = 10;

/** The question on screen, kept in the room's state (`room`). */
export type Question = {
  /** Unique per asking: an answer names it, so one sent to an earlier question is refused. */
  id: string;
  /** Its place among the questions asked: answers are stored under `q:<index>:<participant>`. */
  index: number;
  checkId: string;
  status: 'open' | 'closed' | 'revealed';
  openedAt: number;
  closesAt: number | null;
  /** While the room is paused: the time left. */
  remainingMs: number | null;
  /** The counts when answering closed: what the room saw is what counts. */
  counts?: Record<string, number>;
};

/** A question asked in this session, for the points board and the results. */
export type AskedQuestion = { id: string; index: number; checkId: string; revealed?: boolean };

/** One participant's answer, stored like a vote (`q:<question>:<participant>`). */
export type Answer = { optionIds: string[]; correct: boolean; timeTakenMs: number };

/** The results' part for one question: its counts per option and every answer. */
export type QuestionResult = {
  checkId: string;
  prompt: string;
  correctOptionIds: string[];
  counts: Record<string, number>;
  answers: { participantId: string; optionIds: string[]; correct: boolean; timeTakenMs: number }[];
};

/** The storage key of an answer. */
const answerKey = (index: number, participantId: string) => `q:${index}:${participantId}`;

const rightOptions = (check: Check) => check.options.filter((o) => o.correct).map((o) => o.id);

/** Answers per option: every option of the question (0 when nobody chose it), then the answers counted. */
function countAnswers(check: Check, answers: Iterable<Answer>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const option of check.options) counts[option.id] = 0;
  for (const answer of answers) for (const id of answer.optionIds) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}

/**
 * The room's knowledge-check questions, with no sockets, storage or clocks of its own: the facilitator asks a
 * question of the scenario between decisions, participants answer once while it is open, the timer or the
 * facilitator closes it, and the reveal shows the right options with the explanation and its sources. Correct
 * marks never reach a participant or the projector before the reveal; the points board (one point per right answer,
 * counted only for revealed questions) is off unless the facilitator turns it on. `Room` holds one and calls it from
 * its rules; the state it changes is the room's (`question`, `asked`, `points`).
 */
export class Questions {
  /** Every answer, by question index then participant (all of them: the board counts every revealed question). */
  private readonly byQuestion = new Map<number, Map<string, Answer>>();
  private readonly checks: Map<string, Check>;

  constructor(
    private readonly scenario: Scenario,
    stored: Iterable<[string, Answer]> = [],
  ) {
    this.checks = new Map((scenario.checks ?? []).map((c) => [c.id, c]));
    for (const [key, answer] of stored) {
      const [, index, participantId] = key.split(':');
      this.answersOf(Number(index)).set(participantId!, answer);
    }
  }

  private answersOf(index: number): Map<string, Answer> {
    let answers = this.byQuestion.get(index);
    if (!answers) this.byQuestion.set(index, (answers = new Map<string, Answer>()));
    return answers;
  }

  /** Puts a question of the scenario to the room, open for `seconds`. */
  ask(state: RoomState, checkId: string, seconds: number | undefined, now: number): Outcome {
    if (state.phase === 'ended') return refuse('ended', 'This session has ended.');
    if (state.round?.status === 'open')
      return refuse('already_open', 'Close the vote before asking a question.');
    if (state.question?.status === 'open')
      return refuse('question_open', 'Reveal the question on screen before asking another.');
    const check = this.checks.get(checkId);
    if (!check) return refuse('not_found', 'The scenario has no such question.');
    const index = state.asked?.length ?? 0;
    const id = crypto.randomUUID();
    state.question = {
      id,
      index,
      checkId,
      status: 'open',
      openedAt: now,
      closesAt: now + (seconds ?? DEFAULT_QUESTION_SECONDS) * 1000,
      remainingMs: null,
    };
    state.asked = [...(state.asked ?? []), { id, index, checkId }];
    return this.changed(state);
  }

  /** Records a participant's answer to the open question: once (the same answer again is a retry). */
  answer(
    state: RoomState,
    participant: Participant | undefined,
    questionId: string,
    optionIds: readonly string[],
    now: number,
  ): Outcome<OwnAnswer> {
    if (!participant || participant.removed) return refuse('not_joined', 'Join with a nickname first.');
    const question = state.question;
    if (!question || question.id !== questionId || question.status !== 'open' || state.paused)
      return refuse('question_closed', 'This question is not open for answers.');
    // The object's clock, not the alarm, decides: an answer after the deadline is late even if the alarm is.
    if (question.closesAt !== null && now >= question.closesAt)
      return refuse('question_closed', 'Time is up: this question has closed.');
    const check = this.checks.get(question.checkId)!;
    const chosen = [...new Set(optionIds)];
    if (chosen.some((id) => !check.options.some((o) => o.id === id)))
      return refuse('unknown_option', "Choose one or more of the question's options.");
    if (chosen.length > 1 && rightOptions(check).length === 1)
      return refuse('unknown_option', 'This question takes one answer.');
    const own: OwnAnswer = { questionId, optionIds: chosen };
    const answers = this.answersOf(question.index);
    const earlier = answers.get(participant.id);
    if (earlier) {
      const same =
        earlier.optionIds.length === chosen.length && chosen.every((id) => earlier.optionIds.includes(id));
      if (same) return { ok: true, value: own, change: change() };
      return refuse('already_answered', 'You have already answered this question.');
    }
    const answer: Answer = {
      optionIds: chosen,
      correct: isCorrect(check, chosen),
      timeTakenMs: Math.max(0, now - question.openedAt),
    };
    answers.set(participant.id, answer);
    return {
      ok: true,
      value: own,
      change: change({ put: { [answerKey(question.index, participant.id)]: answer }, answers: true }),
    };
  }

  /** Closes the question if it is open and shows the right options, the explanation and its sources to everyone. */
  reveal(state: RoomState): Outcome {
    const question = state.question;
    if (!question) return refuse('not_found', 'No question is on screen.');
    if (question.status === 'revealed')
      return refuse('question_closed', 'This question is already revealed.');
    this.close(question);
    question.status = 'revealed';
    const asked = state.asked?.find((a) => a.id === question.id);
    if (asked) asked.revealed = true;
    return this.changed(state);
  }

  /** Takes the question off the screens; an open one takes no more answers (those given stay in the results). */
  dismiss(state: RoomState): Outcome {
    if (!state.question) return refuse('not_found', 'No question is on screen.');
    state.question = null;
    return this.changed(state);
  }

  /** Turns the points board on or off. */
  setPoints(state: RoomState, on: boolean): Outcome {
    state.points = on;
    return this.changed(state);
  }

  /** Closes the question when its time is up (the alarm calls this through the room). */
  due(state: RoomState, now: number): Outcome | null {
    const question = state.question;
    if (question?.status !== 'open' || state.paused || question.closesAt === null || question.closesAt > now)
      return null;
    this.close(question);
    return this.changed(state);
  }

  /** When the open question's timer runs out, if one is running. */
  deadline(state: RoomState): number | null {
    const question = state.question;
    return question?.status === 'open' && !state.paused ? question.closesAt : null;
  }

  /** Freezes the question's countdown with the room's. */
  pause(state: RoomState, now: number) {
    const question = state.question;
    if (question?.status === 'open' && question.closesAt !== null) {
      question.remainingMs = Math.max(0, question.closesAt - now);
      question.closesAt = null;
    }
  }

  resume(state: RoomState, now: number) {
    const question = state.question;
    if (question?.status === 'open' && question.remainingMs !== null) {
      question.closesAt = now + question.remainingMs;
      question.remainingMs = null;
    }
  }

  /** Closes an open question without revealing it (the session ending, a vote opening). */
  close(question: Question) {
    if (question.status !== 'open') return;
    question.counts = this.counts(question);
    question.status = 'closed';
    question.closesAt = null;
    question.remainingMs = null;
  }

  /** Answers per option: live while open, frozen from the close on. */
  counts(question: Question): Record<string, number> {
    if (question.status !== 'open' && question.counts) return question.counts;
    return countAnswers(this.checks.get(question.checkId)!, this.answersOf(question.index).values());
  }

  answerCount(question: Question): number {
    return this.answersOf(question.index).size;
  }

  /** Whether the board is on: the room's setting, else the session's choice at creation (off by default). */
  pointsOn(state: RoomState, initial: boolean | undefined): boolean {
    return state.points ?? initial ?? false;
  }

  /**
   * The question as one audience may see it: the facilitator gets the right options, the explanation and live
   * counts at once; the projector the counts when it shows the bars; participants nothing of the kind until the
   * reveal.
   */
  view(state: RoomState, audience: Audience, projectorBars: boolean): QuestionView | null {
    const question = state.question;
    if (!question) return null;
    const check = this.checks.get(question.checkId)!;
    const revealed = question.status === 'revealed';
    const marks = revealed || audience === 'facilitator';
    const counts =
      revealed || audience === 'facilitator' || (audience === 'projector' && projectorBars)
        ? this.counts(question)
        : null;
    return {
      id: question.id,
      checkId: check.id,
      prompt: check.prompt,
      // Shuffled per asking (the same order for every audience of this question), never in the file's order.
      options: shuffledOptions(check.options, question.id).map(({ id, label }) => ({ id, label })),
      selectMany: rightOptions(check).length > 1,
      status: question.status,
      closesAt: question.closesAt,
      answers: this.answerCount(question),
      counts,
      correctOptionIds: marks ? rightOptions(check) : null,
      explanation: marks ? check.explanation : null,
      sources: marks ? citedSources(this.scenario, check.sources) : null,
    };
  }

  /** The batched answer counts for one audience (counts only where the view would carry them). */
  answersMessage(state: RoomState, audience: Audience, projectorBars: boolean): ServerMessage | null {
    const question = state.question;
    if (!question) return null;
    const withCounts =
      question.status === 'revealed' ||
      audience === 'facilitator' ||
      (audience === 'projector' && projectorBars);
    return {
      type: 'answers',
      questionId: question.id,
      answers: this.answerCount(question),
      counts: withCounts ? this.counts(question) : null,
    } satisfies ServerMessage;
  }

  /** The scenario's questions for the facilitator to choose from, with how often each was asked. */
  bank(state: RoomState): { checkId: string; prompt: string; asked: number }[] {
    return [...this.checks.values()].map((check) => ({
      checkId: check.id,
      prompt: check.prompt,
      asked: (state.asked ?? []).filter((a) => a.checkId === check.id).length,
    }));
  }

  /** A participant's answer to the question on screen. */
  own(state: RoomState, participantId: string | undefined): OwnAnswer | null {
    const question = state.question;
    const answer = question && participantId ? this.answersOf(question.index).get(participantId) : undefined;
    return answer ? { questionId: question!.id, optionIds: answer.optionIds } : null;
  }

  /**
   * The points board: one point per right answer to a revealed question (an open question's answers would hint
   * at the right option), removed participants left out, best first with shared ranks; the top `BOARD_SIZE`.
   */
  board(state: RoomState, participants: ReadonlyMap<string, Participant>): PointsEntry[] {
    const points = new Map<string, number>();
    for (const asked of state.asked ?? []) {
      if (!asked.revealed) continue;
      for (const [participantId, answer] of this.answersOf(asked.index))
        if (answer.correct) points.set(participantId, (points.get(participantId) ?? 0) + 1);
    }
    const lines = [...points]
      .map(([id, n]) => ({ participant: participants.get(id), points: n }))
      .filter((l) => l.participant && !l.participant.removed)
      .map((l) => ({ nickname: l.participant!.nickname, points: l.points }))
      .sort((a, b) => b.points - a.points || a.nickname.localeCompare(b.nickname));
    return lines.slice(0, BOARD_SIZE).map((line) => ({
      rank: 1 + lines.findIndex((l) => l.points === line.points),
      ...line,
    }));
  }

  /** Every asked question's counts and answers, for the results written at the end. */
  results(state: RoomState): QuestionResult[] {
    return (state.asked ?? []).map((asked) => {
      const check = this.checks.get(asked.checkId)!;
      const answers = this.answersOf(asked.index);
      return {
        checkId: check.id,
        prompt: check.prompt,
        correctOptionIds: rightOptions(check),
        counts: countAnswers(check, answers.values()),
        answers: [...answers].map(([participantId, a]) => ({ participantId, ...a })),
      };
    });
  }

  private changed(state: RoomState): Outcome {
    return { ok: true, value: null, change: change({ broadcast: true, put: { room: state } }) };
  }
}
