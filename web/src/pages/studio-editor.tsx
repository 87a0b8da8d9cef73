import { A, useParams } from '@solidjs/router';
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  Match,
  on,
  onCleanup,
  Show,
  Switch,
} from 'solid-js';
import { unwrap as unwrapStore } from 'solid-js/store';
import { END, SHARED } from '../../../api/engine';
import type { Problem } from '../../../api/engine/validator';
import { ErrorNotice, Loading } from '../components/status';
import { ApiFailure, api, messageOf, unwrap } from '../lib/api';
import { problemText, RULE_TEXT, whereIs } from '../studio/problem-text';
import {
  EditorContext,
  type Editor,
  type EditorOptions,
  type EditorTab,
  type Selection,
} from '../studio/context';
import { createDraftSession, type SaveState } from '../studio/draft';
import { fieldId, freshId } from '../studio/fields';
import { ChecksForm } from '../studio/checks-form';
import { EndingForm, MetadataForm, MetricsForm, NodeForm, SidesForm, SourcesForm } from '../studio/forms';
import { ScenarioGraph, type GraphMarks } from '../studio/graph';
import { PlayReport } from '../studio/play-report';
import { AuthorPreview } from '../studio/preview';

/** `/studio/:slug`: the scenario editor (forms, graph, live checking, preview, autosave, publish). */
export default function StudioEditorPage() {
  const params = useParams<{ slug: string }>();
  const [opened] = createResource(
    () => params.slug,
    async (slug) => unwrap(await api.studio.scenarios[':slug'].$get({ param: { slug } })),
  );
  return (
    <Switch fallback={<Loading label="Opening the draft…" />}>
      <Match when={opened.error as unknown}>
        {(failure) => (
          <ErrorNotice message={messageOf(failure())}>
            <p>
              <A href="/studio">Back to the studio</A>
            </p>
          </ErrorNotice>
        )}
      </Match>
      <Match when={opened()}>{(draft) => <ScenarioEditor slug={params.slug} draft={draft()} />}</Match>
    </Switch>
  );
}

const TABS: { id: EditorTab; label: string }[] = [
  { id: 'scenario', label: 'Scenario' },
  { id: 'sides', label: 'Sides' },
  { id: 'metrics', label: 'Indicators' },
  { id: 'sources', label: 'Sources' },
  { id: 'questions', label: 'Questions' },
  { id: 'graph', label: 'Nodes and endings' },
  { id: 'preview', label: 'Preview' },
];

/** Which tab and item a path into the scenario file belongs to. */
function placeOf(path: string): { tab: EditorTab; selection?: Selection } {
  const item = /^(nodes|endings)\[(\d+)\]/.exec(path);
  if (item)
    return {
      tab: 'graph',
      selection: { kind: item[1] === 'nodes' ? 'node' : 'ending', index: Number(item[2]) },
    };
  if (path.startsWith('sides')) return { tab: 'sides' };
  if (path.startsWith('metrics') || path.startsWith('scoring')) return { tab: 'metrics' };
  if (path.startsWith('sources')) return { tab: 'sources' };
  if (path.startsWith('checks')) return { tab: 'questions' };
  return { tab: 'scenario' };
}

const saveLabel = (state: SaveState) =>
  ({
    saved: 'All changes saved',
    pending: 'Unsaved changes…',
    saving: 'Saving…',
    error: state.kind === 'error' ? state.message : '',
    conflict: 'Not saved: conflict',
    closed:
      state.kind === 'closed'
        ? `Version ${state.version} is ${state.status}; your first edit starts version ${state.version + 1}`
        : '',
  })[state.kind];

function ScenarioEditor(props: { slug: string; draft: Parameters<typeof createDraftSession>[1] }) {
  const session = createDraftSession(props.slug, props.draft);
  const s = session.scenario;
  const [tab, setTab] = createSignal<EditorTab>('graph');
  const [selection, setSelection] = createSignal<Selection>(null);
  const [previewFrom, setPreviewFrom] = createSignal('');
  const [notice, setNotice] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<{ message: string; problems: Problem[] } | null>(null);
  const [publishing, setPublishing] = createSignal(false);

  const problems = () => session.check()?.problems ?? [];
  // The "version N is published" notice belongs to that version; the first edit after it opens the next one.
  createEffect(on(session.version, () => setNotice(null), { defer: true }));

  const options = createMemo(
    (): EditorOptions => {
      session.layout();
      const raw = unwrapStore(s);
      const sides = raw.sides.map((x) => ({ value: x.id, label: x.label || x.id }));
      const nodes = raw.nodes.map((n) => ({ value: n.id, label: `${n.title} (${n.id})` }));
      return {
        nodes,
        sides,
        owners: [
          { value: SHARED, label: 'Both sides (shared)' },
          ...sides.map((x) => ({ value: x.value, label: `Only ${x.label}` })),
        ],
        targets: [
          ...nodes.map((n) => ({ value: n.value, label: `Node: ${n.label}` })),
          ...raw.endings.map((e) => ({ value: e.id, label: `Ending: ${e.title} (${e.id})` })),
          { value: END, label: 'END: the first ending whose condition holds' },
        ],
        metrics: raw.metrics.map((m) => ({ value: m.id, label: m.label || m.id })),
        choices: raw.nodes.flatMap((n) =>
          (n.choices ?? []).map((c) => ({ value: c.id, label: `${c.label} (${n.title})` })),
        ),
        sources: raw.sources.map((x) => ({ value: x.id, label: x.title || x.id })),
      };
      // Unchanged lists keep their identity, so a 1,000-entry picker is not rebuilt after every pause in typing.
    },
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );

  const marks = createMemo((): GraphMarks => {
    const result = session.check();
    const raw = unwrapStore(s);
    const problemCounts = new Map<string, number>();
    for (const p of result?.problems ?? []) {
      const place = placeOf(p.path).selection;
      const id =
        p.at?.nodeId ??
        p.at?.endingId ??
        (place
          ? place.kind === 'node'
            ? raw.nodes[place.index]?.id
            : raw.endings[place.index]?.id
          : undefined);
      if (id) problemCounts.set(id, (problemCounts.get(id) ?? 0) + 1);
    }
    const historicalNodes = new Set<string>();
    const historicalEdges = new Set<string>();
    const history = result?.historical;
    if (history) {
      const ids = [...history.nodeIds, ...(history.endingId ? [history.endingId] : [])];
      ids.forEach((id, i) => {
        historicalNodes.add(id);
        const previous = ids[i - 1];
        if (!previous) return;
        historicalEdges.add(`${previous}→${id}`);
        // Runs reach most endings through the END junction.
        if (id === history.endingId) {
          historicalEdges.add(`${previous}→${END}`);
          historicalEdges.add(`${END}→${id}`);
          historicalNodes.add(END);
        }
      });
    }
    return { problems: problemCounts, historicalNodes, historicalEdges };
  });

  function goTo(path: string) {
    const place = placeOf(path);
    setTab(place.tab);
    if (place.selection) setSelection(place.selection);
    // Focus the field the path names, or the nearest enclosing one that exists.
    requestAnimationFrame(() => {
      for (let p = path; ; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
        const element = document.getElementById(fieldId(p));
        if (element) {
          element.scrollIntoView({ block: 'center' });
          element.focus({ preventScroll: true });
          return;
        }
        if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) return;
      }
    });
  }

  const problemsByPath = createMemo(() => {
    const byPath = new Map<string, string[]>();
    for (const p of problems()) byPath.set(p.path, [...(byPath.get(p.path) ?? []), problemText(p)]);
    return byPath;
  });
  const editor: Editor = {
    session,
    options,
    tab,
    setTab,
    selection,
    select: setSelection,
    goTo,
    problemsAt: (path) => problemsByPath().get(path) ?? [],
  };

  function addNode(kind: 'decision' | 'event') {
    const id = freshId(
      kind === 'decision' ? 'new-decision' : 'new-event',
      s.nodes.map((n) => n.id),
    );
    session.edit(() =>
      s.nodes.push(
        kind === 'decision'
          ? { id, side: s.sides[0]?.id ?? null, title: 'New decision', body: '', sources: [], choices: [] }
          : { id, side: null, title: 'New event', body: '', sources: [], next: END },
      ),
    );
    setSelection({ kind: 'node', index: s.nodes.length - 1 });
  }
  function addEnding() {
    const id = freshId(
      'new-ending',
      s.endings.map((e) => e.id),
    );
    session.edit(() => s.endings.push({ id, title: 'New ending', text: '', debrief: {}, sources: [] }));
    setSelection({ kind: 'ending', index: s.endings.length - 1 });
  }

  async function publish() {
    setPublishing(true);
    setNotice(null);
    setFailure(null);
    try {
      const version = await session.publish();
      setNotice(
        `Version ${version} is published and in the catalog. Runs already started stay on their version; your next edit starts version ${version + 1} as a draft.`,
      );
    } catch (error) {
      setFailure({
        message: messageOf(error),
        problems:
          error instanceof ApiFailure && Array.isArray(error.details) ? (error.details as Problem[]) : [],
      });
    } finally {
      setPublishing(false);
    }
  }

  const selectedId = () => {
    const sel = selection();
    if (!sel) return null;
    return (sel.kind === 'node' ? s.nodes[sel.index]?.id : s.endings[sel.index]?.id) ?? null;
  };

  // Ctrl/Cmd+Z undoes edits to the draft, except in a text field, where the browser's own undo applies.
  const onUndoKey = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || (e.target as Element).closest('input, textarea, select')) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) session.undo();
    else if ((key === 'z' && e.shiftKey) || key === 'y') session.redo();
    else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onUndoKey);
  onCleanup(() => document.removeEventListener('keydown', onUndoKey));

  const onTabKey = (e: KeyboardEvent, index: number) => {
    const by = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!by) return;
    const next = TABS[(index + by + TABS.length) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  return (
    <EditorContext.Provider value={editor}>
      <div class="editor-head">
        <div>
          <p class="eyebrow">
            <A href="/studio">Studio</A> · {props.slug} · version {session.version()}
          </p>
          <h1>{s.title || props.slug}</h1>
        </div>
        <div class="editor-actions">
          <span
            class="save-state"
            classList={{ bad: ['error', 'conflict'].includes(session.saveState().kind) }}
            role="status"
            aria-live="polite"
          >
            {saveLabel(session.saveState())}
          </span>
          <button
            type="button"
            class="button button-secondary"
            onClick={session.undo}
            disabled={!session.canUndo()}
            aria-keyshortcuts="Control+Z"
          >
            Undo
          </button>
          <button
            type="button"
            class="button button-secondary"
            onClick={session.redo}
            disabled={!session.canRedo()}
            aria-keyshortcuts="Control+Shift+Z"
          >
            Redo
          </button>
          <button
            type="button"
            class="button button-secondary"
            onClick={() => void session.save()}
            disabled={!session.unsaved()}
          >
            Save now
          </button>
          <a class="button button-secondary" href={`/api/studio/scenarios/${props.slug}/export`} download="">
            Export
          </a>
          <button
            type="button"
            class="button"
            onClick={() => void publish()}
            disabled={
              publishing() ||
              session.checking() ||
              problems().length > 0 ||
              ['conflict', 'closed'].includes(session.saveState().kind)
            }
          >
            {publishing()
              ? 'Publishing…'
              : session.saveState().kind === 'closed'
                ? 'Nothing new to publish'
                : `Publish version ${session.version()}`}
          </button>
        </div>
      </div>

      <Show when={session.saveState().kind === 'conflict' ? session.saveState() : null}>
        {(state) => (
          <div class="notice notice-error" role="alert">
            <p>{(state() as { message: string }).message}</p>
            <div class="button-row">
              <button
                type="button"
                class="button button-secondary"
                onClick={() => session.resolveConflict('theirs')}
              >
                Load the saved version (drop my changes)
              </button>
              <button type="button" class="button" onClick={() => session.resolveConflict('mine')}>
                Keep mine (overwrite the saved version)
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={notice()}>
        {(message) => (
          <p class="notice" role="status">
            {message()}
          </p>
        )}
      </Show>
      <Show when={failure()}>
        {(f) => (
          <ErrorNotice message={f().message}>
            <ul class="problem-list">
              <For each={f().problems}>{(p) => <li>{p.message}</li>}</For>
            </ul>
          </ErrorNotice>
        )}
      </Show>

      <div class="editor-layout">
        <div class="editor-main">
          <div role="tablist" aria-label="Parts of the scenario" class="tabs">
            <For each={TABS}>
              {(t, i) => (
                <button
                  type="button"
                  role="tab"
                  id={`tab-${t.id}`}
                  aria-selected={tab() === t.id}
                  aria-controls="editor-panel"
                  tabindex={tab() === t.id ? 0 : -1}
                  onClick={() => setTab(t.id)}
                  onKeyDown={(e) => onTabKey(e, i())}
                >
                  {t.label}
                </button>
              )}
            </For>
          </div>
          <div role="tabpanel" id="editor-panel" aria-labelledby={`tab-${tab()}`}>
            <Switch>
              <Match when={tab() === 'scenario'}>
                <MetadataForm />
              </Match>
              <Match when={tab() === 'sides'}>
                <SidesForm />
              </Match>
              <Match when={tab() === 'metrics'}>
                <MetricsForm />
              </Match>
              <Match when={tab() === 'sources'}>
                <SourcesForm />
              </Match>
              <Match when={tab() === 'questions'}>
                <ChecksForm />
              </Match>
              <Match when={tab() === 'graph'}>
                <ScenarioGraph
                  layout={session.layout()}
                  marks={marks()}
                  sides={s.sides.map((x) => ({ id: x.id, label: x.label }))}
                  selectedId={selectedId()}
                  onSelect={(n, byKeyboard) => {
                    const kind = n.kind === 'ending' ? 'ending' : 'node';
                    if (byKeyboard) goTo(`${kind === 'node' ? 'nodes' : 'endings'}[${n.index}]`);
                    else setSelection({ kind, index: n.index });
                  }}
                />
                <div class="graph-actions">
                  <label for="node-picker">Edit</label>
                  <select
                    id="node-picker"
                    value={selection() ? `${selection()!.kind}:${selection()!.index}` : ''}
                    onChange={(e) => {
                      const [kind, index] = e.currentTarget.value.split(':');
                      setSelection({ kind: kind as 'node' | 'ending', index: Number(index) });
                    }}
                  >
                    <option value="" disabled>
                      Choose a node or ending…
                    </option>
                    <For each={s.nodes}>
                      {(n, i) => (
                        <option
                          value={`node:${i()}`}
                          selected={selection()?.kind === 'node' && selection()?.index === i()}
                        >
                          {n.title} ({n.id})
                        </option>
                      )}
                    </For>
                    <For each={s.endings}>
                      {(e, i) => (
                        <option
                          value={`ending:${i()}`}
                          selected={selection()?.kind === 'ending' && selection()?.index === i()}
                        >
                          Ending: {e.title}
                        </option>
                      )}
                    </For>
                  </select>
                  <button type="button" class="button button-secondary" onClick={() => addNode('decision')}>
                    Add a decision
                  </button>
                  <button type="button" class="button button-secondary" onClick={() => addNode('event')}>
                    Add a narrated event
                  </button>
                  <button type="button" class="button button-secondary" onClick={addEnding}>
                    Add an ending
                  </button>
                  <Show when={selection()?.kind === 'node' && selectedId()}>
                    {(id) => (
                      <button
                        type="button"
                        class="button button-secondary"
                        onClick={() => {
                          setPreviewFrom(id());
                          setTab('preview');
                        }}
                      >
                        Preview from here
                      </button>
                    )}
                  </Show>
                </div>
                <Switch
                  fallback={
                    <p class="hint">Select a node or an ending in the graph or the list to edit it.</p>
                  }
                >
                  <Match when={selection()?.kind === 'node' ? selection() : null} keyed>
                    {(sel) => <NodeForm index={sel.index} />}
                  </Match>
                  <Match when={selection()?.kind === 'ending' ? selection() : null} keyed>
                    {(sel) => <EndingForm index={sel.index} />}
                  </Match>
                </Switch>
              </Match>
              <Match when={tab() === 'preview'}>
                <AuthorPreview initialFrom={previewFrom()} />
              </Match>
            </Switch>
          </div>
        </div>

        <aside class="editor-problems panel" aria-labelledby="problems-heading">
          <h2 id="problems-heading">
            {!session.check()
              ? 'Checking…'
              : problems().length === 0
                ? 'No problems'
                : `${problems().length} problem${problems().length > 1 ? 's' : ''}`}
          </h2>
          <Show when={session.checkFailed()}>
            <p class="notice notice-error">
              The checker stopped working; reload the page to check again. Publishing is still checked by the
              server.
            </p>
          </Show>
          <p class="hint" aria-live="polite">
            <Show when={session.checking() && !session.checkFailed()}>
              <span class="spinner" aria-hidden="true" />{' '}
            </Show>
            Checked as you edit by the same validator the server uses
            <Show when={session.check()}>{(c) => <> ({c().took.toFixed(0)} ms)</>}</Show>.{' '}
            {problems().length === 0 ? 'Ready to publish.' : 'Publishing waits until there are none.'}
          </p>
          <ul class="problem-links">
            <For each={problems().slice(0, 200)}>
              {(p) => (
                <li>
                  <button type="button" class="link-button problem-link" onClick={() => goTo(p.path)}>
                    <span class="tag">{RULE_TEXT[p.rule]}</span> {problemText(p)}
                    <span class="problem-path">{whereIs(p.path, s)}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
          <Show when={problems().length > 200}>
            <p class="hint">…and {problems().length - 200} more; fix these first.</p>
          </Show>
          <PlayReport scenario={() => unwrapStore(session.scenario)} />
        </aside>
      </div>
    </EditorContext.Provider>
  );
}
