import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Match, onCleanup, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { problemText } from '../studio/problem-text';
import { EditorContext, type Editor, type EditorTab, type Selection } from '../studio/context';
import { createDraftSession } from '../studio/draft';
import { EditorHeader } from '../studio/editor-header';
import { createEditorOptions, createGraphMarks, placeOf } from '../studio/editor-model';
import { fieldId } from '../studio/fields';
import { ChecksForm } from '../studio/checks-form';
import { MetricsForm } from '../studio/forms/metrics';
import { MetadataForm, SidesForm } from '../studio/forms/scenario';
import { SourcesForm } from '../studio/forms/sources';
import { NodesTab } from '../studio/nodes-tab';
import { AuthorPreview } from '../studio/preview';
import { ProblemsPanel } from '../studio/problems-panel';

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

function ScenarioEditor(props: { slug: string; draft: Parameters<typeof createDraftSession>[1] }) {
  const session = createDraftSession(props.slug, props.draft);
  const [tab, setTab] = createSignal<EditorTab>('graph');
  const [selection, setSelection] = createSignal<Selection>(null);
  const [previewFrom, setPreviewFrom] = createSignal('');

  const problems = () => session.check()?.problems ?? [];
  const options = createEditorOptions(session);
  const marks = createGraphMarks(session);

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
      <EditorHeader slug={props.slug} />

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
                <NodesTab marks={marks()} onPreviewFrom={(id) => setPreviewFrom(id)} />
              </Match>
              <Match when={tab() === 'preview'}>
                <AuthorPreview initialFrom={previewFrom()} />
              </Match>
            </Switch>
          </div>
        </div>

        <ProblemsPanel />
      </div>
    </EditorContext.Provider>
  );
}
