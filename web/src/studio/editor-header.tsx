import { A } from '@solidjs/router';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import type { Problem } from '../../../api/engine/validator';
import { ErrorNotice } from '../components/status';
import { ApiFailure, api, messageOf } from '../lib/api';
import { useEditor } from './context';
import type { SaveState } from './draft';

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

/**
 * The editor's header: where the draft stands, undo and redo, saving, export, publishing and what publishing said
 * (the problems that stopped it, or the version it made).
 */
export function EditorHeader(props: { slug: string }) {
  const { session } = useEditor();
  const s = session.scenario;
  const [notice, setNotice] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<{ message: string; problems: Problem[] } | null>(null);
  const [publishing, setPublishing] = createSignal(false);

  const problems = () => session.check()?.problems ?? [];
  // The "version N is published" notice belongs to that version; the first edit after it opens the next one.
  createEffect(on(session.version, () => setNotice(null), { defer: true }));

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

  return (
    <>
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
          <a
            class="button button-secondary"
            href={api.studio.scenarios[':slug'].export.$path({ param: { slug: props.slug } })}
            download=""
          >
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
    </>
  );
}
