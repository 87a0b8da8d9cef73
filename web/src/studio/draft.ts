import { batch, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { createMutable, modifyMutable, reconcile, unwrap as unwrapStore } from 'solid-js/store';
import type { Scenario } from '../../../api/engine';
import { ApiFailure, api, messageOf, unwrap } from '../lib/api';
import type { CheckReply, CheckRequest } from './check-worker';
import { layoutGraph, type GraphLayout } from './graph-layout';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; message: string; theirs: { revision: number; content: Record<string, unknown> } }
  /** No draft is open: the version shown is published or retired, and the first edit starts the next one. */
  | { kind: 'closed'; version: number; status: 'published' | 'retired' };

const AUTOSAVE_DELAY_MS = 1_200;
const CHECK_DELAY_MS = 250;
const HISTORY_LIMIT = 50;
const RETRY_DELAY_MS = 5_000;

/** Fills in what an unfinished or hand-made draft may lack, so every form has something to bind to. */
function normalizeDraft(content: Record<string, unknown>): Scenario {
  const list = <T>(key: string): T[] => (Array.isArray(content[key]) ? (content[key] as T[]) : []);
  const text = (key: string, fallback = '') => (typeof content[key] === 'string' ? content[key] : fallback);
  return {
    ...content,
    // A version-2 file (knowledge checks) or version-3 file (guards, fragments, shared path notes) keeps its
    // version; anything else is treated as version 1.
    formatVersion: content.formatVersion === 3 ? 3 : content.formatVersion === 2 ? 2 : 1,
    slug: text('slug'),
    title: text('title'),
    summary: text('summary'),
    estimatedMinutes: typeof content.estimatedMinutes === 'number' ? content.estimatedMinutes : 10,
    start: text('start'),
    sides: list('sides'),
    metrics: list('metrics'),
    scoring: content.scoring && typeof content.scoring === 'object' ? content.scoring : {},
    nodes: list('nodes'),
    endings: list('endings'),
    sources: list('sources'),
  } as Scenario;
}

/**
 * One editing session of a scenario's draft: a mutable store the forms edit in place, the validator (in a
 * worker) and the graph layout re-run shortly after each change, and autosave with the draft's revision, so a save made
 * elsewhere since (another tab, a co-author) is refused with 409 and reported, never overwritten silently.
 */
export function createDraftSession(
  slug: string,
  opened: {
    version: number;
    revision: number;
    status: 'draft' | 'published' | 'retired';
    content: Record<string, unknown>;
  },
) {
  const scenario = createMutable(normalizeDraft(opened.content));
  // Revision 0: no draft is open yet; the first save opens one (POST …/edit) and saves into it.
  let revision = opened.status === 'draft' ? opened.revision : 0;
  const [version, setVersion] = createSignal(opened.version);
  const [changes, setChanges] = createSignal(0);
  const [checkedAt, setCheckedAt] = createSignal(0);
  const [saveState, setSaveState] = createSignal<SaveState>(
    opened.status === 'draft'
      ? { kind: 'saved' }
      : { kind: 'closed', version: opened.version, status: opened.status },
  );
  let savedChanges = 0;
  let saving: Promise<void> | null = null;
  let checkTimer: ReturnType<typeof setTimeout> | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** The graph layout, worked out on the raw object (not the reactive proxy) after each pause in editing. */
  const layout = createMemo((): GraphLayout => {
    checkedAt();
    // The benchmark reads these marks: layout alone, and (in the graph) layout to the first frame drawn.
    performance.mark('graph-layout-start');
    const result = layoutGraph(unwrapStore(scenario));
    performance.measure('graph-layout', 'graph-layout-start');
    return result;
  });

  /** The validator's verdict on the latest state, from the checking worker; null until the first answer. */
  const [check, setCheck] = createSignal<Omit<CheckReply, 'id'> | null>(null);
  // How many parts of the editor (the preview) need the parsed scenario in each verdict.
  const [scenarioReaders, setScenarioReaders] = createSignal(0);
  const withScenario = createMemo(() => scenarioReaders() > 0);
  const [checking, setChecking] = createSignal(true);
  const [checkFailed, setCheckFailed] = createSignal(false);
  const checker = new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module' });
  let latestCheck = 0;
  let sentAt = 0;
  checker.onmessage = (event: MessageEvent<CheckReply>) => {
    // Only the answer about the latest state counts; older ones are dropped.
    if (event.data.id !== latestCheck) return;
    performance.measure('draft-check', { start: sentAt, end: performance.now() });
    const { id: _, ...verdict } = event.data;
    setCheck(verdict);
    setChecking(false);
  };
  checker.onerror = () => {
    setChecking(false);
    setCheckFailed(true);
  };
  createEffect(
    on([checkedAt, withScenario], () => {
      setChecking(true);
      sentAt = performance.now();
      checker.postMessage({
        id: ++latestCheck,
        scenario: unwrapStore(scenario),
        withScenario: withScenario(),
      } satisfies CheckRequest);
    }),
  );
  /** Asks for the parsed scenario in every verdict while the calling component lives (the preview plays it). */
  function readParsedScenario() {
    setScenarioReaders((n) => n + 1);
    onCleanup(() => setScenarioReaders((n) => n - 1));
  }

  // Undo history: a snapshot of the draft at each pause in editing (when the check runs), not per keystroke.
  const history: string[] = [JSON.stringify(unwrapStore(scenario))];
  let historyAt = 0;
  let unrecorded = false;
  const [historyMoved, setHistoryMoved] = createSignal(0);
  function record() {
    unrecorded = false;
    const snapshot = JSON.stringify(unwrapStore(scenario));
    if (snapshot !== history[historyAt]) {
      history.splice(historyAt + 1, history.length, snapshot);
      if (history.length > HISTORY_LIMIT) history.shift();
      historyAt = history.length - 1;
    }
    setHistoryMoved((n) => n + 1);
  }
  /** Steps back (-1) or forward (1) through the history; the step is saved like any edit. */
  function travel(by: -1 | 1) {
    clearTimeout(checkTimer);
    if (unrecorded) record();
    const target = historyAt + by;
    if (target < 0 || target >= history.length) return;
    historyAt = target;
    edit(() => modifyMutable(scenario, reconcile(JSON.parse(history[target]!) as Scenario)), {
      travelling: true,
    });
    setHistoryMoved((n) => n + 1);
  }
  const canUndo = () => (historyMoved(), changes(), historyAt > 0 || unrecorded);
  const canRedo = () => (historyMoved(), changes(), !unrecorded && historyAt < history.length - 1);

  /** Applies an edit and schedules the check and the autosave. */
  function edit(change: () => void, { travelling = false } = {}) {
    batch(change);
    if (!travelling) unrecorded = true;
    setChanges((n) => n + 1);
    if (saveState().kind !== 'conflict') setSaveState({ kind: 'pending' });
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => {
      if (unrecorded) record();
      setCheckedAt((n) => n + 1);
    }, CHECK_DELAY_MS);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  }

  async function putDraft() {
    const sending = changes();
    // No draft open (a published or retired version, or just published): open the next version's draft.
    if (revision === 0) {
      const next = await unwrap(await api.studio.scenarios[':slug'].edit.$post({ param: { slug } }));
      revision = next.revision;
      setVersion(next.version);
    }
    const saved = await unwrap(
      await api.studio.scenarios[':slug'].draft.$put({
        param: { slug },
        json: { revision, content: unwrapStore(scenario) },
      }),
    );
    revision = saved.revision;
    // An import of a file for this scenario can renumber the draft (it stays the newest version).
    setVersion(saved.version);
    savedChanges = sending;
  }

  /** Saves now (one save at a time; changes made meanwhile are saved right after). */
  async function save(): Promise<void> {
    clearTimeout(saveTimer);
    if (saving) return saving.then(() => (changes() !== savedChanges ? save() : undefined));
    const state = saveState();
    if (state.kind === 'conflict' || changes() === savedChanges) return;
    setSaveState({ kind: 'saving' });
    saving = putDraft()
      .then(() => {
        setSaveState(changes() === savedChanges ? { kind: 'saved' } : { kind: 'pending' });
      })
      .catch((failure: unknown) => {
        if (failure instanceof ApiFailure && failure.code === 'stale_revision') {
          const theirs = failure.details as { revision: number; content: Record<string, unknown> };
          setSaveState({
            kind: 'conflict',
            message:
              'This draft was saved somewhere else (another tab or a co-author) after you opened it. Your latest changes are not saved.',
            theirs,
          });
        } else if (failure instanceof ApiFailure && failure.code === 'no_draft') {
          // Published from elsewhere meanwhile: these edits go into the next version's draft.
          revision = 0;
          setSaveState({ kind: 'pending' });
        } else if (failure instanceof ApiFailure && failure.status < 500 && failure.status !== 429) {
          // Refused for good (the draft was deleted elsewhere, signed out, too large): retrying would not help.
          setSaveState({ kind: 'error', message: `Not saved: ${messageOf(failure)}` });
        } else {
          setSaveState({ kind: 'error', message: `Not saved: ${messageOf(failure)}. Trying again shortly.` });
          saveTimer = setTimeout(() => void save(), RETRY_DELAY_MS);
        }
      })
      .finally(() => {
        saving = null;
      });
    await saving;
    if (saveState().kind === 'pending') return save();
  }

  /** Resolves a conflict: take the saved version (losing ours) or keep ours and overwrite it. */
  function resolveConflict(keep: 'theirs' | 'mine') {
    const state = saveState();
    if (state.kind !== 'conflict') return;
    revision = state.theirs.revision;
    if (keep === 'theirs') {
      modifyMutable(scenario, reconcile(normalizeDraft(state.theirs.content)));
      savedChanges = changes();
      setSaveState({ kind: 'saved' });
      // Undo can still bring back the copy that was dropped.
      record();
      setCheckedAt((n) => n + 1);
    } else {
      setSaveState({ kind: 'pending' });
      void save();
    }
  }

  async function publish(): Promise<number> {
    await save();
    if (saveState().kind !== 'saved')
      throw new ApiFailure(409, 'unsaved', 'Save the draft before publishing.');
    const result = await unwrap(
      await api.studio.scenarios[':slug'].publish.$post({ param: { slug }, json: { revision } }),
    );
    revision = 0;
    setSaveState({ kind: 'closed', version: result.version, status: 'published' });
    return result.version;
  }

  const unsaved = () => changes() !== savedChanges;
  const warnBeforeLeaving = (event: BeforeUnloadEvent) => {
    if (unsaved()) event.preventDefault();
  };
  window.addEventListener('beforeunload', warnBeforeLeaving);
  onCleanup(() => {
    window.removeEventListener('beforeunload', warnBeforeLeaving);
    clearTimeout(checkTimer);
    checker.terminate();
    // Leaving the editor inside the app saves what is pending rather than dropping it.
    if (unsaved()) void save();
  });

  return {
    slug,
    scenario,
    version,
    layout,
    check,
    readParsedScenario,
    checking,
    checkFailed,
    edit,
    undo: () => travel(-1),
    redo: () => travel(1),
    canUndo,
    canRedo,
    save,
    saveState,
    resolveConflict,
    publish,
    unsaved,
  };
}

export type DraftSession = ReturnType<typeof createDraftSession>;
