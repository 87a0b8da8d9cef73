import { createSignal, onCleanup } from 'solid-js';
import type { DebriefView } from '../../../api/engine';

/** The room as the server last described it (see docs/live-protocol.md). */
export type LiveState = {
  type: 'state';
  code: string;
  mode: 'room' | 'teams';
  scenario: { title: string };
  phase: 'lobby' | 'deciding' | 'ended';
  paused: boolean;
  you: { id: string; nickname: string; team: string | null } | null;
  participants: number | { id: string; nickname: string; team: string | null }[];
  decision: { nodeId: string; side: string | null; title: string; body: string | null; choices: { id: string; label: string; detail?: string }[] } | null;
  round: {
    status: 'open' | 'closed';
    closesAt: number | null;
    paused: boolean;
    votes: number;
    yourVote: { choiceId: string; reason?: string } | null;
    tally: Record<string, number> | null;
  } | null;
  lastOutcome: { title: string; choice: string; text: string; tally: Record<string, number> } | null;
  /** `historical` and `onHistoricalPath` are filled in once the session has ended. */
  path: { title: string; side: string | null; choice: string; decidedBy: string; historical: string | null; onHistoricalPath: boolean | null }[];
  metrics: { id: string; label: string; value: number; min: number; max: number; owner: string; description: string; goodWhen: 'higher' | 'lower' | null }[];
  ending: {
    title: string;
    text: string;
    debrief: DebriefView | null;
    matchedHistory: number;
    decisions: number;
    score: number | null;
    timeline: { title: string; kind: 'decision' | 'counterpart' | 'event'; metrics: Record<string, number>; changes: Record<string, number> }[];
  } | null;
};

const TOKEN_KEY = (code: string) => `crisis-desk-live-${code}`;

/**
 * A live session connection: keeps the latest state, the live tally and the last error, and reconnects with
 * the participant's token (kept in localStorage) after a reload, a dropped network or a sleeping phone.
 */
export function connectLive(code: string, role: 'participant' | 'facilitator' | 'projector') {
  const [state, setState] = createSignal<LiveState | null>(null);
  const [tally, setTally] = createSignal<Record<string, number> | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [connected, setConnected] = createSignal(false);
  let socket: WebSocket | null = null;
  let closed = false;
  let retry = 0;

  function open() {
    const token = role === 'participant' ? localStorage.getItem(TOKEN_KEY(code)) : null;
    const url = new URL(`/api/live/${code}/ws`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('role', role);
    if (token) url.searchParams.set('token', token);
    socket = new WebSocket(url);
    socket.onopen = () => {
      setConnected(true);
      retry = 0;
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data as string);
      if (message.type === 'state') {
        setState(message);
        setTally(message.round?.tally ?? null);
      } else if (message.type === 'tally') {
        setTally(message.counts);
        setState((s) => (s?.round ? { ...s, round: { ...s.round, votes: message.votes } } : s));
      }
      else if (message.type === 'votes') setState((s) => (s?.round ? { ...s, round: { ...s.round, votes: message.votes } } : s));
      else if (message.type === 'participants') setState((s) => (s ? { ...s, participants: message.count } : s));
      else if (message.type === 'voted') setState((s) => (s?.round ? { ...s, round: { ...s.round, yourVote: { choiceId: message.choiceId, reason: message.reason ?? undefined } } } : s));
      else if (message.type === 'welcome') localStorage.setItem(TOKEN_KEY(code), message.token);
      else if (message.type === 'error') setError(message.message);
    };
    socket.onclose = (event) => {
      setConnected(false);
      if (event.code === 4001) {
        localStorage.removeItem(TOKEN_KEY(code));
        setError('The facilitator removed you from this session.');
        return;
      }
      // Back off a little, then reconnect: the server gives the state and your vote back.
      if (!closed) setTimeout(open, Math.min(5000, 500 * 2 ** retry++));
    };
  }
  open();
  onCleanup(() => {
    closed = true;
    socket?.close();
  });

  const send = (message: Record<string, unknown>) => {
    setError(null);
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else setError('Not connected yet; reconnecting…');
  };
  return { state, tally, error, connected, send };
}
