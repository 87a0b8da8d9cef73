import { For, Show } from 'solid-js';
import type { EndingView } from '../../../api/engine';
import { Markdown } from './markdown';
import { SourcesList } from './sources-list';

type PathNote = NonNullable<EndingView['debrief']>['pathNotes'][number];

import { t } from '../i18n';

/** The debrief's notes on what this run did beside history, each with its sources; nothing when there are none. */
export function PathNotes(props: { notes: PathNote[]; heading: string; id: string }) {
  return (
    <Show when={props.notes.length > 0}>
      <h3 id={props.id}>{props.heading}</h3>
      <ul class="path-notes" aria-labelledby={props.id}>
        <For each={props.notes}>
          {(note, i) => (
            <li class="path-note">
              <Markdown text={note.text} />
              <SourcesList sources={note.sources} title={t('debrief.noteSources', i() + 1)} />
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
