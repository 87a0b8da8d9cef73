import {
  debriefView,
  historicalNodeIds,
  historicalRun,
  resolveText,
  score,
  stepContexts,
  view,
  type RunState,
} from '../engine';
import { leadersOf, reasonGroups } from './ballot';
import type { RoomView, ServerMessage } from './protocol';
import type { Room } from './room';
import { roundId, type Audience } from './state';

/** A side's briefing for the people playing it (the room's side, or a team's); none for staff or before a team. */
function briefingFor(room: Room, side: string | null): RoomView['briefing'] {
  const found = side ? room.config.scenario.sides.find((s) => s.id === side) : undefined;
  return found ? { side: found.id, label: found.label, actor: found.actor, text: found.briefing } : null;
}

/** The room as one audience may see it: never votes before the reveal to participants, never a choice's effects. */
export function roomView(room: Room, audience: Audience): RoomView {
  const config = room.config;
  const state = room.state;
  const run = room.runState();
  const staff = audience === 'facilitator' || audience === 'projector';
  const team = audience.startsWith('team:') ? audience.slice(5) : null;
  // A team sees its own side's view; the room, the facilitator and the projector see the room's side or the first.
  const viewSide = team ?? config.side ?? room.sides[0]!;
  const sideView = view({ ...run, side: viewSide });
  const node = run.nodeId ? room.node(run.nodeId) : null;
  const round = state.round;
  const revealed = round?.status === 'closed';
  // The live tally goes where it is shown: the console, and the projector while it shows the bars.
  const tallyShown = audience === 'facilitator' || (audience === 'projector' && room.projector.tally);
  const tally = round && (tallyShown || revealed) ? room.tally() : null;
  const lastDecided = state.decided.at(-1);
  const lastNode = lastDecided ? room.node(lastDecided.nodeId) : null;
  const lastChoice = lastNode?.choices?.find((c) => c.id === lastDecided!.choiceId);
  const ownSide = lastNode && (config.mode === 'room' || staff || lastNode.side === team);
  const projector = room.projector;
  const showReasons =
    revealed && (audience === 'facilitator' || (audience === 'projector' && projector.reasons));
  const leaders = revealed ? leadersOf(room.tally()) : [];
  return {
    type: 'state',
    code: config.code,
    mode: config.mode,
    scenario: { title: config.scenario.title },
    teams:
      config.mode === 'teams'
        ? config.scenario.sides.filter((s) => s.playable).map(({ id, label }) => ({ id, label }))
        : [],
    phase: state.phase,
    paused: state.paused,
    briefing: briefingFor(room, team ?? (audience === 'participants' ? config.side : null)),
    event: eventView(room, audience),
    participants: staff ? room.roster() : room.participantCount,
    decision:
      node && state.phase !== 'ended'
        ? {
            nodeId: node.id,
            side: node.side,
            title: node.title,
            body: resolveText(node.body, node.bodyIf, run),
            choices: (node.choices ?? []).map(({ id, label, detail }) =>
              detail ? { id, label, detail } : { id, label },
            ),
            yourTurn: !staff && (config.mode === 'room' || node.side === team),
          }
        : null,
    round: round
      ? {
          id: roundId(round),
          status: round.status,
          closesAt: round.closesAt,
          paused: state.paused,
          votes: room.voteCount(),
          tally,
          tied: leaders.length > 1 ? leaders : [],
          reasons: showReasons
            ? reasonGroups(
                room.node(round.nodeId),
                room.votes,
                (id) => room.participants.get(id)?.nickname ?? '',
                audience === 'facilitator',
              )
            : null,
        }
      : null,
    projector,
    question: room.questions.view(state, audience, projector.tally),
    questionBank: audience === 'facilitator' ? room.questions.bank(state) : null,
    points: room.pointsOn,
    board: staff && room.pointsOn ? room.questions.board(state, room.participants) : null,
    lastOutcome: lastChoice
      ? {
          title: lastNode!.title,
          choice: lastChoice.label,
          text: ownSide
            ? resolveText(lastChoice.feedback, lastChoice.feedbackIf, feedbackState(run, lastChoice.id))
            : (lastChoice.seenByOthers ?? lastChoice.label),
          tally: lastDecided!.tally,
        }
      : null,
    path: state.decided.map((d) => {
      const n = room.node(d.nodeId);
      return {
        title: n.title,
        side: n.side,
        choice: room.choiceLabel(d.nodeId, d.choiceId),
        decidedBy: d.decidedBy,
        // Shown beside the room's choice only once the session has ended (the debrief).
        historical: state.phase === 'ended' ? (n.choices?.find((c) => c.historical)?.label ?? null) : null,
        onHistoricalPath: state.phase === 'ended' ? historicalNodeIds(config.scenario).has(n.id) : null,
      };
    }),
    metrics: sideView.metrics,
    ending: state.phase === 'ended' ? debrief(room, run, viewSide) : null,
  } satisfies RoomView;
}

/**
 * The event (or the other side's move) on screen: its narration as the audience's side reads it. In team mode the
 * facilitator and the projector get only what both teams see.
 */
function eventView(room: Room, audience: Audience): RoomView['event'] {
  const shown = room.onScreen();
  if (!shown) return null;
  const { step, number, of } = shown;
  const node = room.node(step.nodeId);
  const team = audience.startsWith('team:') ? audience.slice(5) : null;
  const side = room.config.mode === 'room' ? room.config.side : team;
  const choice = step.choiceId ? node.choices?.find((c) => c.id === step.choiceId) : undefined;
  const text =
    step.kind === 'event'
      ? [node.body, side ? node.private?.[side] : undefined].filter(Boolean).join('\n\n')
      : (choice?.seenByOthers ?? choice?.label ?? '');
  return { kind: step.kind === 'event' ? 'event' : 'move', title: node.title, text, number, of };
}

function debrief(room: Room, run: RunState, side: string): RoomView['ending'] {
  const scenario = room.config.scenario;
  const ending = run.endingId ? scenario.endings.find((e) => e.id === run.endingId) : undefined;
  const historical = historicalRun(scenario)
    .path.filter((p) => p.kind !== 'event')
    .map((p) => p.choiceId);
  // As in a solo run's alignment, only decisions that really arose count.
  const onPath = historicalNodeIds(scenario);
  const counted = room.state.decided.filter((d) => onPath.has(d.nodeId));
  return {
    title: ending?.title ?? 'Session ended before the scenario did',
    text: ending ? resolveText(ending.text, ending.textIf, run) : '',
    debrief: ending ? debriefView(run, ending, side) : null,
    matchedHistory: counted.filter((d) => historical.includes(d.choiceId)).length,
    decisions: counted.length,
    score: run.endingId ? score({ ...run, side }).score : null,
    timeline: view({ ...run, side }).timeline.map(({ title, kind, metrics, changes }) => ({
      title,
      kind,
      metrics,
      changes,
    })),
  };
}

/** The live tally, for the facilitator and the projector. */
export function tallyMessage(room: Room): ServerMessage {
  return {
    type: 'tally',
    nodeId: room.state.round?.nodeId ?? null,
    counts: room.tally(),
    votes: room.voteCount(),
  } satisfies ServerMessage;
}

/** A participant's own data: who they are and their vote in this round. */
export function youMessage(room: Room, participantId: string | null): ServerMessage {
  const p = participantId ? room.participants.get(participantId) : undefined;
  const round = room.state.round;
  const vote = p && round ? room.votes.get(p.id) : undefined;
  return {
    type: 'you',
    participant: p && !p.removed ? { id: p.id, nickname: p.nickname, team: p.team } : null,
    vote:
      vote && round
        ? {
            roundId: roundId(round),
            choiceId: vote.choiceId,
            ...(vote.reason ? { reason: vote.reason } : {}),
          }
        : null,
    answer: room.questions.own(room.state, p?.id),
  } satisfies ServerMessage;
}

/** The batched answer counts to the question on screen, for one audience (counts only where its view has them). */
export function answersMessage(room: Room, audience: Audience): ServerMessage | null {
  return room.questions.answersMessage(room.state, audience, room.projector.tally);
}

/** The state right after a choice was made, on which its feedback's fragments are resolved. */
function feedbackState(run: RunState, choiceId: string) {
  const i = run.path.findLastIndex((p) => p.choiceId === choiceId);
  return i < 0 ? run : stepContexts(run.scenario, run.path)[i]!;
}
