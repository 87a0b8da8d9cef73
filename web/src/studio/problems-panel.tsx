import { For, Show } from 'solid-js';
import { unwrap as unwrapStore } from 'solid-js/store';
import { useEditor } from './context';
import { PlayReport } from './play-report';
import { problemText, RULE_TEXT, whereIs } from './problem-text';

/** The editor's side panel: the checker's problems, each a link to its field, and the play report. */
export function ProblemsPanel() {
  const { session, goTo } = useEditor();
  const s = session.scenario;
  const problems = () => session.check()?.problems ?? [];
  return (
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
  );
}
