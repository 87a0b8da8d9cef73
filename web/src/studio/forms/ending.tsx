import { For, Index, Show } from 'solid-js';
import { LIMITS, type Debrief, type Ending, type PathNote } from '../../../../api/engine';
import { useEditor } from '../context';
import { CheckField, fieldId, FieldProblems, MarkdownField, move, RemoveButton, TextField } from '../fields';
import { ConditionEditor } from './condition';
import { IdField, ordinal, removeAt } from './shared';
import { SourceRefsEditor } from './sources';

/** Notes on the run's own path, each shown in the debrief only while its condition holds at the end. */
function PathNotesEditor(props: { debrief: Debrief; side: { label: string }; path: string }) {
  const { session, options } = useEditor();
  const notes = () => props.debrief.pathNotes ?? [];
  const add = () =>
    session.edit(() =>
      (props.debrief.pathNotes ??= []).push({
        when: { chose: options().choices[0]?.value ?? '' },
        text: '',
      } satisfies PathNote),
    );
  const remove = (i: number) =>
    session.edit(() => {
      removeAt(props.debrief.pathNotes!, i);
      // An empty list and no list mean the same; keep files as they were written before path notes existed.
      if (props.debrief.pathNotes!.length === 0) delete props.debrief.pathNotes;
    });
  return (
    <div class="sub-list" id={fieldId(`${props.path}.pathNotes`)} tabindex="-1">
      <h5>Path notes</h5>
      <p class="hint">
        Shown after “what really happened”, in this order, to a {props.side.label} player whose run satisfies
        the condition: what their run did beside what history did.
      </p>
      <FieldProblems path={`${props.path}.pathNotes`} />
      <Index each={notes()}>
        {(entry, i) => {
          // A note shared across endings (format 3) is edited where it is defined, in the file's `pathNotes`.
          const shared = () => entry() as string;
          const note = () => entry() as PathNote;
          return typeof entry() === 'string' ? (
            <div class="sub-item path-note-editor" role="group" aria-label={`Path note ${i + 1}`}>
              <p class="hint">
                Note {i + 1}: the shared path note “{shared()}”.
              </p>
              <RemoveButton label={`Remove path note ${i + 1}`} onClick={() => remove(i)} />
            </div>
          ) : (
            <div class="sub-item path-note-editor" role="group" aria-label={`Path note ${i + 1}`}>
              <ConditionEditor
                value={note().when}
                set={(c) => ((notes()[i] as PathNote).when = c)}
                path={`${props.path}.pathNotes[${i}].when`}
                label={`Note ${i + 1}: shown when`}
              />
              <MarkdownField
                label={`Note ${i + 1}: text`}
                path={`${props.path}.pathNotes[${i}].text`}
                value={note().text}
                maxLength={LIMITS.markdown}
                onInput={(v) => session.edit(() => ((notes()[i] as PathNote).text = v))}
              />
              <SourceRefsEditor holder={note()} path={`${props.path}.pathNotes[${i}]`} />
              <span class="item-actions">
                <button
                  type="button"
                  class="small-button"
                  disabled={i === 0}
                  onClick={() => session.edit(() => move(notes(), i, -1))}
                >
                  Move note {i + 1} up
                </button>
                <RemoveButton label={`Remove path note ${i + 1}`} onClick={() => remove(i)} />
              </span>
            </div>
          );
        }}
      </Index>
      <button type="button" class="small-button" onClick={add}>
        Add a path note
      </button>
    </div>
  );
}

function DebriefEditor(props: { ending: Ending; side: { id: string; label: string }; path: string }) {
  const { session } = useEditor();
  const debrief = () => props.ending.debrief[props.side.id];
  const create = () =>
    session.edit(
      () =>
        (props.ending.debrief[props.side.id] = {
          whatHappened: '',
          analysis: '',
          questions: [''],
        } satisfies Debrief),
    );
  return (
    <div class="sub-list" id={fieldId(props.path)} tabindex="-1">
      <h4>Debrief for {props.side.label}</h4>
      <FieldProblems path={props.path} />
      <Show
        when={debrief()}
        fallback={
          <button type="button" class="small-button" onClick={create}>
            Write the debrief for {props.side.label}
          </button>
        }
      >
        {(d) => (
          <>
            <MarkdownField
              label="What really happened"
              path={`${props.path}.whatHappened`}
              value={d().whatHappened}
              maxLength={LIMITS.markdown}
              onInput={(v) => session.edit(() => (d().whatHappened = v))}
            />
            <PathNotesEditor debrief={d()} side={props.side} path={props.path} />
            <MarkdownField
              label="Analysis"
              path={`${props.path}.analysis`}
              value={d().analysis}
              maxLength={LIMITS.markdown}
              onInput={(v) => session.edit(() => (d().analysis = v))}
            />
            <Index each={d().questions}>
              {(q, i) => (
                <div class="field-row sub-item">
                  <TextField
                    label={`Discussion question ${i + 1}`}
                    path={`${props.path}.questions[${i}]`}
                    value={q()}
                    maxLength={LIMITS.shortText}
                    onInput={(v) => session.edit(() => (d().questions[i] = v))}
                  />
                  <Show when={d().questions.length > 1}>
                    <RemoveButton
                      label={`Remove question ${i + 1}`}
                      onClick={() => session.edit(() => removeAt(d().questions, i))}
                    />
                  </Show>
                </div>
              )}
            </Index>
            <button
              type="button"
              class="small-button"
              onClick={() => session.edit(() => d().questions.push(''))}
            >
              Add a question
            </button>
          </>
        )}
      </Show>
    </div>
  );
}

/** One ending: its title, text, condition, per-side debriefs and citations. */
export function EndingForm(props: { index: number }) {
  const { session, select } = useEditor();
  const s = session.scenario;
  const ending = () => s.endings[props.index]!;
  const path = () => `endings[${props.index}]`;
  const remove = () => {
    session.edit(() => removeAt(s.endings, props.index));
    select(null);
  };
  // Order matters: at END the first ending whose condition holds is the one reached.
  const moveEnding = (by: -1 | 1) => {
    session.edit(() => move(s.endings, props.index, by));
    select({ kind: 'ending', index: props.index + by });
  };
  return (
    <Show when={s.endings[props.index]}>
      <section class="panel form-section" aria-labelledby="ending-heading" id={fieldId(path())} tabindex="-1">
        <div class="field-head">
          <h2 id="ending-heading">Ending: {ending().title}</h2>
          <span class="item-actions">
            <button
              type="button"
              class="small-button"
              disabled={props.index === 0}
              onClick={() => moveEnding(-1)}
            >
              Check earlier
            </button>
            <button
              type="button"
              class="small-button"
              disabled={props.index === s.endings.length - 1}
              onClick={() => moveEnding(1)}
            >
              Check later
            </button>
            <button type="button" class="small-button danger" onClick={remove}>
              Delete this ending
            </button>
          </span>
        </div>
        <FieldProblems path={path()} />
        <div class="field-row">
          <IdField item={ending()} kind="ending" path={path()} />
          <TextField
            label="Title"
            path={`${path()}.title`}
            value={ending().title}
            maxLength={LIMITS.label}
            onInput={(v) => session.edit(() => (ending().title = v))}
          />
        </div>
        <MarkdownField
          label="What the player reads"
          path={`${path()}.text`}
          rows={5}
          value={ending().text}
          maxLength={LIMITS.markdown}
          onInput={(v) => session.edit(() => (ending().text = v))}
        />
        <CheckField
          label="Closest to what really happened (historical)"
          path={`${path()}.historical`}
          checked={!!ending().historical}
          onChange={(v) =>
            session.edit(() => (v ? (ending().historical = true) : delete ending().historical))
          }
        />
        <CheckField
          label="Reached through END only when a condition holds"
          path={`${path()}.when`}
          checked={!!ending().when}
          onChange={(on) =>
            session.edit(() =>
              on
                ? (ending().when = { metric: s.metrics[0]?.id ?? '', op: '>=', value: 0 })
                : delete ending().when,
            )
          }
        />
        <Show when={ending().when}>
          {(when) => (
            <ConditionEditor
              value={when()}
              set={(c) => (ending().when = c)}
              path={`${path()}.when`}
              label="Condition"
            />
          )}
        </Show>
        <p class="hint">
          Endings are checked in order when a run reaches END; the first whose condition holds is the one
          reached. This one is checked {ordinal(props.index + 1)} of {s.endings.length}.
        </p>
        <For each={s.sides.filter((side) => side.playable)}>
          {(side) => <DebriefEditor ending={ending()} side={side} path={`${path()}.debrief.${side.id}`} />}
        </For>
        <SourceRefsEditor holder={ending()} path={path()} required />
      </section>
    </Show>
  );
}
