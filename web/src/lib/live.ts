import { createSignal, onCleanup } from 'solid-js';
import type {
  ClientMessage,
  OwnAnswer,
  OwnVote,
  RosterEntry,
  RoomView,
  ServerMessage,
} from '../../../api/live/protocol';
import { api } from './api';
import { t } from '../i18n';

/** The room as the server last described it to this audience (see docs/live-protocol.md). */
export type LiveState = RoomView;
export type {
  ClientMessage,
  OwnAnswer,
  OwnVote,
  PointsEntry,
  QuestionView,
  RosterEntry,
  ReasonGroup,
} from '../../../api/live/protocol';

const TOKEN_KEY = (code: string) => `crisis-desk-live-${code}`;

/**
 * A live session connection: keeps the latest state, the live tally and the last error, and reconnects with
 * the participant's token (kept in localStorage) after a reload, a dropped network or a sleeping phone.
 */
export function connectLive(code: string, role: 'participant' | 'facilitator' | 'projector') {
  const [state, setState] = createSignal<RoomView | null>(null);
  const [tally, setTally] = createSignal<Record<string, number> | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [connected, setConnected] = createSignal(false);
  /** The code names no session (a mistyped code): nothing to reconnect to. */
  const [missing, setMissing] = createSignal(false);
  let everOpened = false;
  const [you, setYou] = createSignal<RosterEntry | null>(null);
  const [myVote, setMyVote] = createSignal<OwnVote | null>(null);
  /** The participant's vote in the round on screen (a vote from an earlier round no longer counts). */
  const yourVote = () => {
    const vote = myVote();
    return vote && vote.roundId === state()?.round?.id ? vote : null;
  };
  const [myAnswer, setMyAnswer] = createSignal<OwnAnswer | null>(null);
  /** The participant's answer to the question on screen (one to an earlier question is not shown). */
  const yourAnswer = () => {
    const answer = myAnswer();
    return answer && answer.questionId === state()?.question?.id ? answer : null;
  };
  let socket: WebSocket | null = null;
  let closed = false;
  let retry = 0;

  function open() {
    const token = role === 'participant' ? localStorage.getItem(TOKEN_KEY(code)) : null;
    const url = api.live[':code'].ws.$url({ param: { code }, query: { role, token: token || undefined } });
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onopen = () => {
      everOpened = true;
      setConnected(true);
      retry = 0;
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data as string) as ServerMessage;
      switch (message.type) {
        case 'state':
          setState(message);
          setTally(message.round?.tally ?? null);
          break;
        case 'tally':
          setTally(message.counts);
          setState((s) => (s?.round ? { ...s, round: { ...s.round, votes: message.votes } } : s));
          break;
        case 'votes':
          setState((s) => (s?.round ? { ...s, round: { ...s.round, votes: message.votes } } : s));
          break;
        case 'participants':
          setState((s) => (s ? { ...s, participants: message.count } : s));
          break;
        case 'roster':
          // Changes since the last roster or state (the whole roster only after the server woke).
          setState((s) => {
            if (!s) return s;
            if (message.whole || !Array.isArray(s.participants))
              return { ...s, participants: message.participants };
            const replaced = new Set([...message.removed, ...message.participants.map((p) => p.id)]);
            return {
              ...s,
              participants: [...s.participants.filter((p) => !replaced.has(p.id)), ...message.participants],
            };
          });
          break;
        case 'voted':
          setMyVote({
            roundId: message.roundId,
            choiceId: message.choiceId,
            ...(message.reason ? { reason: message.reason } : {}),
          });
          break;
        case 'answers':
          setState((s) =>
            s?.question?.id === message.questionId
              ? {
                  ...s,
                  question: {
                    ...s.question,
                    answers: message.answers,
                    counts: message.counts ?? s.question.counts,
                  },
                }
              : s,
          );
          break;
        case 'answered':
          setMyAnswer({ questionId: message.questionId, optionIds: message.optionIds });
          break;
        case 'welcome':
          localStorage.setItem(TOKEN_KEY(code), message.token);
          setYou({ id: message.participantId, nickname: message.nickname, team: message.team });
          break;
        case 'you':
          setYou(message.participant);
          setMyVote(message.vote);
          setMyAnswer(message.answer);
          break;
        case 'error':
          setError(message.message);
          break;
      }
    };
    socket.onclose = (event) => {
      setConnected(false);
      if (event.code === 4001) {
        localStorage.removeItem(TOKEN_KEY(code));
        setError(t('live.removed'));
        return;
      }
      if (closed) return;
      // A socket refused before it ever opened may be a mistyped code: ask once, and say so at once rather than
      // retrying a session that does not exist.
      if (!everOpened && retry === 0) {
        retry++;
        void api.live[':code']
          .$get({ param: { code } })
          .then((reply) => {
            if (reply.status === 404 || reply.status === 400) {
              closed = true;
              setMissing(true);
            } else if (!closed) open();
          })
          .catch(() => !closed && setTimeout(open, 1000));
        return;
      }
      // Back off a little, then reconnect: the server gives the state and your vote back.
      setTimeout(open, Math.min(5000, 500 * 2 ** retry++));
    };
  }
  open();
  onCleanup(() => {
    closed = true;
    socket?.close();
  });

  const send = (message: ClientMessage) => {
    setError(null);
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else setError(t('live.notConnected'));
  };
  return { state, tally, error, connected, missing, send, you, yourVote, yourAnswer };
}
