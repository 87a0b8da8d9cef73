import { z } from 'zod';
import type { DebriefView, MetricView, TimelineEntryView } from '../engine';
import type { SourceView } from '../engine';
import {
  foldForFilter,
  MAX_MARKS_PER_CHARACTER,
  mostMarks,
  normaliseNickname,
  visibleLength,
} from './nickname';

/** Messages bigger than this are refused unread (the largest legitimate one, a vote with its reason, is under 1 KB). */
export const MAX_MESSAGE_BYTES = 4096;

/** Nicknames: short, printable, and not abusive (a small word list; facilitators can remove anyone). */
const BLOCKED = /(fuck|shit|cunt|nigg|fag|rape|nazi|hitler|killyourself|whore|slut|retard)/;
/** The filter reads the folded name (look-alikes made Latin), and again with y for u (a Cyrillic у stands for u). */
const blocked = (name: string) => {
  const folded = foldForFilter(name);
  return BLOCKED.test(folded) || BLOCKED.test(folded.replaceAll('y', 'u'));
};
// Lengths count what a reader sees (grapheme clusters), not code points: a letter with its marks is one character.
export const nicknameSchema = z
  .string()
  .max(100, 'Use at most 24 characters.')
  .transform(normaliseNickname)
  .pipe(
    z
      .string()
      .max(100, 'Use at most 24 characters.')
      // A letter may carry combining marks (Devanagari, Vietnamese); a mark alone may not.
      .regex(/^(?:[\p{L}\p{N}]\p{M}*|[ ._'-])+$/u, "Use letters, digits, spaces and . _ ' - only.")
      // Hangul fillers and the like are letters that draw nothing: a name made of them would be blank on screen.
      .refine(
        (name) => !/\p{Default_Ignorable_Code_Point}/u.test(name) && visibleLength(name) >= 2,
        'Use at least 2 visible characters.',
      )
      .refine((name) => visibleLength(name) <= 24, 'Use at most 24 characters.')
      // Marks stacked on one letter draw far above and below the line ("Zalgo" text) over the names around it.
      .refine(
        (name) => mostMarks(name) <= MAX_MARKS_PER_CHARACTER,
        `Use at most ${MAX_MARKS_PER_CHARACTER} accents or marks on one character.`,
      )
      .refine((name) => !blocked(name), 'Choose another nickname.'),
  );

/** Messages a participant may send. */
export const participantMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('join'), nickname: nicknameSchema, team: z.string().max(64).optional() }),
  z.object({
    type: z.literal('vote'),
    choiceId: z.string().min(1).max(64),
    reason: z.string().trim().max(140).optional(),
  }),
  z.object({
    type: z.literal('answer'),
    questionId: z.string().min(1).max(64),
    optionIds: z.array(z.string().min(1).max(64)).min(1).max(6),
  }),
  z.object({ type: z.literal('ping') }),
]);

/** Messages only the facilitator may send. */
export const facilitatorMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), seconds: z.number().int().min(10).max(600).optional() }),
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('advance'), choiceId: z.string().min(1).max(64).optional() }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('back') }),
  z.object({ type: z.literal('end') }),
  z.object({ type: z.literal('move'), participantId: z.string().max(64), team: z.string().max(64) }),
  // `bar` (the default) also bars the device they joined from for the rest of the session.
  z.object({ type: z.literal('remove'), participantId: z.string().max(64), bar: z.boolean().optional() }),
  z.object({ type: z.literal('hideReason'), participantId: z.string().max(64), hidden: z.boolean() }),
  z.object({ type: z.literal('project'), tally: z.boolean().optional(), reasons: z.boolean().optional() }),
  z.object({
    type: z.literal('ask'),
    checkId: z.string().min(1).max(64),
    seconds: z.number().int().min(10).max(600).optional(),
  }),
  z.object({ type: z.literal('reveal') }),
  z.object({ type: z.literal('dismiss') }),
  z.object({ type: z.literal('points'), on: z.boolean() }),
  z.object({ type: z.literal('ping') }),
]);

export type ParticipantMessage = z.infer<typeof participantMessageSchema>;
export type FacilitatorMessage = z.infer<typeof facilitatorMessageSchema>;
/** Any message a client may send (the web app's `send` is typed by it). */
export type ClientMessage = ParticipantMessage | FacilitatorMessage;
export type Role = 'facilitator' | 'projector' | 'participant';

/** Every error code a live connection can receive. */
export type LiveErrorCode =
  | 'bad_message'
  | 'too_large'
  | 'rate_limited'
  | 'forbidden'
  | 'nickname_taken'
  | 'full'
  | 'ended'
  | 'already_joined'
  | 'not_joined'
  | 'voting_closed'
  | 'not_your_turn'
  | 'unknown_choice'
  | 'already_open'
  | 'not_open'
  | 'not_closed'
  | 'tie'
  | 'nothing_to_undo'
  | 'not_found'
  | 'question_open'
  | 'question_closed'
  | 'already_answered'
  | 'unknown_option'
  | 'barred';

export type RosterEntry = { id: string; nickname: string; team: string | null };
export type OwnVote = { roundId: string; choiceId: string; reason?: string };
/** A participant's answer to the question on screen. */
export type OwnAnswer = { questionId: string; optionIds: string[] };

/** A source as the reveal cites it (the engine's view of a cited source). */
type QuestionSource = SourceView;

/**
 * A knowledge-check question the facilitator put to the room, as one audience may see it. The right options, the
 * explanation and its sources reach the facilitator at once and everyone else only at the reveal.
 */
export type QuestionView = {
  /** Changes with every asking, so a client knows whether the answer it remembers belongs to this one. */
  id: string;
  checkId: string;
  prompt: string;
  options: { id: string; label: string }[];
  /** More than one option is right ("choose all that apply"): says how to answer, not which. */
  selectMany: boolean;
  /** Open for answers, closed (time up, not yet revealed) or revealed. */
  status: 'open' | 'closed' | 'revealed';
  closesAt: number | null;
  answers: number;
  /** Answers per option: live for the facilitator (and the projector when it shows the bars), for all at the reveal. */
  counts: Record<string, number> | null;
  correctOptionIds: string[] | null;
  explanation: string | null;
  sources: QuestionSource[] | null;
};

/** One line of the points board: a nickname and its points (one per right answer), best first. */
export type PointsEntry = { rank: number; nickname: string; points: number };

/** The reasons given for one choice, shown after the reveal (hidden ones only to the facilitator). */
export type ReasonGroup = {
  choiceId: string;
  label: string;
  reasons: { participantId: string; nickname: string; reason: string; hidden: boolean }[];
};

/**
 * The room as one audience may see it: the facilitator, the projector, one team, or the rest of the participants.
 * It holds nothing about one person, so one serialised copy goes to every socket of the audience; each participant's
 * own data comes in `you` and `voted`.
 */
export type RoomView = {
  type: 'state';
  code: string;
  mode: 'room' | 'teams';
  scenario: { title: string };
  /** The playable sides as teams, with their labels ("Tehran"): shown as "Team Tehran", never by id. */
  teams: { id: string; label: string }[];
  phase: 'lobby' | 'deciding' | 'ended';
  paused: boolean;
  /** The briefing of the side this audience plays (the room's, or its team's); null for the facilitator and projector. */
  briefing: { side: string; label: string; actor: string; text: string } | null;
  /** The roster for the facilitator and the projector, a count for participants. */
  participants: number | RosterEntry[];
  /**
   * An event (or, in room mode, the other side's move) since the room's last decision, on every screen until the
   * facilitator advances past it (`number` of `of`); null while a vote is open or revealed. `decision` is the one it
   * leads to.
   */
  event: { kind: 'event' | 'move'; title: string; text: string; number: number; of: number } | null;
  decision: {
    nodeId: string;
    side: string | null;
    title: string;
    body: string;
    choices: { id: string; label: string; detail?: string }[];
    /** Whether this audience votes on it (in team mode the other team sees it, but does not vote). */
    yourTurn: boolean;
  } | null;
  round: {
    /** Changes with every opening, so a client knows whether the vote it remembers belongs to this round. */
    id: string;
    status: 'open' | 'closed';
    closesAt: number | null;
    paused: boolean;
    votes: number;
    /** Live for the facilitator and projector; for participants only once the vote closes (frozen then). */
    tally: Record<string, number> | null;
    /** When closed: the choices sharing the most votes if more than one does (a tie), else []. */
    tied: string[];
    /** After the reveal, to the facilitator, and to the projector when the facilitator shows them. */
    reasons: ReasonGroup[] | null;
  } | null;
  /** What the facilitator puts on the projector besides the dilemma. */
  projector: { tally: boolean; reasons: boolean };
  /** The knowledge-check question on screen, if any (questions.ts). */
  question: QuestionView | null;
  /** The scenario's questions the facilitator may ask, with how often each was asked; null for everyone else. */
  questionBank: { checkId: string; prompt: string; asked: number }[] | null;
  /** Whether the points board is on (off by default); `board` is the board, for the facilitator and projector. */
  points: boolean;
  board: PointsEntry[] | null;
  lastOutcome: { title: string; choice: string; text: string; tally: Record<string, number> } | null;
  /** `historical` and `onHistoricalPath` are filled in once the session has ended. */
  path: {
    title: string;
    side: string | null;
    choice: string;
    decidedBy: 'majority' | 'facilitator';
    historical: string | null;
    onHistoricalPath: boolean | null;
  }[];
  metrics: MetricView[];
  ending: {
    title: string;
    text: string;
    debrief: DebriefView | null;
    matchedHistory: number;
    decisions: number;
    score: number | null;
    timeline: Pick<TimelineEntryView, 'title' | 'kind' | 'metrics' | 'changes'>[];
  } | null;
};

/** Every message the server sends (docs/live-protocol.md); every send is checked against it. */
export type ServerMessage =
  | { type: 'hello'; room: string; role: Role }
  | { type: 'welcome'; participantId: string; token: string; nickname: string; team: string | null }
  | { type: 'you'; participant: RosterEntry | null; vote: OwnVote | null; answer: OwnAnswer | null }
  | RoomView
  /**
   * The roster's changes since the last `roster` or `state`: who joined or moved (`participants`, replacing any entry
   * with the same id) and who left (`removed`); `whole` (after the object woke) replaces the roster instead.
   */
  | { type: 'roster'; whole: boolean; participants: RosterEntry[]; removed: string[]; count: number }
  | { type: 'participants'; count: number }
  | { type: 'tally'; nodeId: string | null; counts: Record<string, number>; votes: number }
  | { type: 'votes'; votes: number }
  | { type: 'voted'; roundId: string; choiceId: string; reason: string | null }
  | { type: 'answers'; questionId: string; answers: number; counts: Record<string, number> | null }
  | { type: 'answered'; questionId: string; optionIds: string[] }
  | { type: 'pong' }
  | { type: 'error'; code: LiveErrorCode; message: string };
