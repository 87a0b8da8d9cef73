import { For, Index, Show } from 'solid-js';
import { LIMITS, type Check, type CheckPlacement } from '../../../api/engine';
import { useEditor } from './context';
import {
  CheckField,
  fieldId,
  FieldProblems,
  freshId,
  ItemGroup,
  MarkdownField,
  move,
  RemoveButton,
  SelectField,
  TextField,
} from './fields';
import { SourceRefsEditor } from './forms/sources';

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 6;

/** One question's placements as three switches; "after a node" also names the node. */
function PlacementsEditor(props: { check: Check; path: string }) {
  const { session, options } = useEditor();
  const has = (at: CheckPlacement['at']) => props.check.placements.some((p) => p.at === at);
  const nodePlacement = () =>
    props.check.placements.find((p): p is Extract<CheckPlacement, { at: 'node' }> => p.at === 'node');
  const toggle = (placement: CheckPlacement, on: boolean) =>
    session.edit(() => {
      const list = props.check.placements.filter((p) => p.at !== placement.at);
      if (on) list.push(placement);
      // Kept in play order (before, node, after) so the file reads like the run.
      const order = { before: 0, node: 1, after: 2 } as const;
      props.check.placements = list.sort((a, b) => order[a.at] - order[b.at]);
    });
  return (
    <div class="sub-list" id={fieldId(`${props.path}.placements`)} tabindex="-1">
      <h4>Where it is asked</h4>
      <FieldProblems path={`${props.path}.placements`} />
      <CheckField
        label="Before play (in the briefing)"
        path={`${props.path}.placements.before`}
        checked={has('before')}
        onChange={(on) => toggle({ at: 'before' }, on)}
      />
      <CheckField
        label="After a node"
        path={`${props.path}.placements.node`}
        checked={has('node')}
        onChange={(on) => toggle({ at: 'node', node: options().nodes[0]?.value ?? '' }, on)}
      />
      <Show when={nodePlacement()}>
        {(placement) => (
          <SelectField
            label="Asked once the run has passed"
            path={`${props.path}.placements[${props.check.placements.indexOf(placement())}].node`}
            value={placement().node}
            options={options().nodes}
            onChange={(v) => session.edit(() => (placement().node = v))}
          />
        )}
      </Show>
      <CheckField
        label="After the ending (in the debrief)"
        path={`${props.path}.placements.after`}
        checked={has('after')}
        onChange={(on) => toggle({ at: 'after' }, on)}
      />
      <p class="hint">Ask it before and after to measure what the run taught (the learning gain).</p>
    </div>
  );
}

/** The knowledge checks: questions with a right answer, their explanations, sources and placements. */
export function ChecksForm() {
  const { session } = useEditor();
  const s = session.scenario;
  const checks = () => s.checks ?? [];
  const add = () =>
    session.edit(() => {
      // Questions are a version-2 feature; adding the first one upgrades a version-1 file.
      if (s.formatVersion < 2) s.formatVersion = 2;
      (s.checks ??= []).push({
        id: freshId(
          'question',
          checks().map((c) => c.id),
        ),
        prompt: 'A question with a right answer?',
        options: [
          { id: 'a', label: 'The right answer', correct: true },
          { id: 'b', label: 'A wrong answer' },
        ],
        explanation: 'Why the right answer is right, in your own words.',
        sources: [],
        placements: [{ at: 'after' }],
      });
    });
  const remove = (i: number) =>
    session.edit(() => {
      s.checks!.splice(i, 1);
      if (s.checks!.length === 0) delete s.checks;
    });
  return (
    <section class="panel form-section" aria-labelledby="checks-heading">
      <h2 id="checks-heading">Questions</h2>
      <p class="hint">
        Knowledge checks: questions with a right answer, scored apart from the decisions. Players see the
        explanation and its sources after answering, never before.
      </p>
      <For each={checks()}>
        {(check, i) => {
          const path = () => `checks[${i()}]`;
          return (
            <ItemGroup
              legend={`Question ${i() + 1}`}
              path={path()}
              onRemove={() => remove(i())}
              onMove={(by) => session.edit(() => move(s.checks!, i(), by))}
            >
              <TextField
                label="Id"
                path={`${path()}.id`}
                value={check.id}
                maxLength={LIMITS.id}
                commitOnChange
                onInput={(v) => session.edit(() => (check.id = v))}
              />
              <MarkdownField
                label="Question"
                path={`${path()}.prompt`}
                value={check.prompt}
                maxLength={LIMITS.markdown}
                rows={2}
                onInput={(v) => session.edit(() => (check.prompt = v))}
              />
              <div class="sub-list" id={fieldId(`${path()}.options`)} tabindex="-1">
                <h4>Options (mark one or more right)</h4>
                <FieldProblems path={`${path()}.options`} />
                <Index each={check.options}>
                  {(option, j) => (
                    <div class="field-row sub-item">
                      <TextField
                        label={`Option ${j + 1}`}
                        path={`${path()}.options[${j}].label`}
                        value={option().label}
                        maxLength={LIMITS.label}
                        onInput={(v) => session.edit(() => (check.options[j]!.label = v))}
                      />
                      <TextField
                        label="Id"
                        path={`${path()}.options[${j}].id`}
                        value={option().id}
                        maxLength={LIMITS.id}
                        commitOnChange
                        onInput={(v) => session.edit(() => (check.options[j]!.id = v))}
                      />
                      <CheckField
                        label="Right"
                        path={`${path()}.options[${j}].correct`}
                        checked={Boolean(option().correct)}
                        onChange={(on) =>
                          session.edit(() => {
                            if (on) check.options[j]!.correct = true;
                            else delete check.options[j]!.correct;
                          })
                        }
                      />
                      <Show when={check.options.length > MIN_OPTIONS}>
                        <RemoveButton
                          label={`Remove option ${j + 1}`}
                          onClick={() => session.edit(() => check.options.splice(j, 1))}
                        />
                      </Show>
                    </div>
                  )}
                </Index>
                <Show when={check.options.length < MAX_OPTIONS}>
                  <button
                    type="button"
                    class="small-button"
                    onClick={() =>
                      session.edit(() =>
                        check.options.push({
                          id: freshId(
                            'option',
                            check.options.map((o) => o.id),
                          ),
                          label: 'Another answer',
                        }),
                      )
                    }
                  >
                    Add an option
                  </button>
                </Show>
              </div>
              <MarkdownField
                label="Explanation (shown after answering)"
                path={`${path()}.explanation`}
                value={check.explanation}
                maxLength={LIMITS.markdown}
                onInput={(v) => session.edit(() => (check.explanation = v))}
              />
              <SourceRefsEditor holder={check} path={path()} required />
              <PlacementsEditor check={check} path={path()} />
            </ItemGroup>
          );
        }}
      </For>
      <button type="button" class="button button-secondary" onClick={add}>
        Add a question
      </button>
    </section>
  );
}
