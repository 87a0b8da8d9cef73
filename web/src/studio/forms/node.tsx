import { For, Index, Show } from 'solid-js';
import { END, LIMITS, type ScenarioNode } from '../../../../api/engine';
import { useEditor } from '../context';
import {
  CheckField,
  fieldId,
  FieldProblems,
  freshId,
  MarkdownField,
  NumberField,
  RemoveButton,
  SelectField,
  TextField,
} from '../fields';
import { ChoiceForm } from './choice';
import { ConditionEditor } from './condition';
import { NextEditor } from './next';
import { IdField, removeAt, setOptional } from './shared';
import { SourceRefsEditor } from './sources';

function CounterpartEditor(props: { node: ScenarioNode; path: string }) {
  const { session, options } = useEditor();
  const node = props.node;
  const choiceOptions = () => (node.choices ?? []).map((c) => ({ value: c.id, label: c.label || c.id }));
  const setPolicy = (policy: string) =>
    session.edit(() => {
      if (policy === 'weighted')
        node.counterpart = {
          policy: 'weighted',
          weights: (node.choices ?? []).map((c) => ({ choice: c.id, weight: 1 })),
        };
      else delete node.counterpart;
    });
  return (
    <div class="sub-list" id={fieldId(`${props.path}.counterpart`)} tabindex="-1">
      <h4>When a player is on the other side</h4>
      <FieldProblems path={`${props.path}.counterpart`} />
      <SelectField
        label="The computer chooses"
        path={`${props.path}.counterpart.policy`}
        value={node.counterpart?.policy ?? 'historical'}
        options={[
          { value: 'historical', label: 'The historical choice' },
          { value: 'weighted', label: 'At random, by weights' },
        ]}
        onChange={setPolicy}
      />
      <Show when={node.counterpart?.policy === 'weighted' ? node.counterpart : undefined}>
        {(weighted) => (
          <Index each={weighted().weights}>
            {(w, i) => (
              <div class="sub-item">
                <div class="field-row">
                  <SelectField
                    label="Choice"
                    path={`${props.path}.counterpart.weights[${i}].choice`}
                    value={w().choice}
                    options={choiceOptions()}
                    onChange={(v) => session.edit(() => (weighted().weights[i]!.choice = v))}
                  />
                  <NumberField
                    label="Weight"
                    path={`${props.path}.counterpart.weights[${i}].weight`}
                    min={0}
                    value={w().weight}
                    onInput={(v) => session.edit(() => (weighted().weights[i]!.weight = v))}
                  />
                </div>
                <Index each={w().adjust ?? []}>
                  {(adjust, k) => (
                    <div class="sub-item">
                      <ConditionEditor
                        value={adjust().when}
                        set={(c) => (w().adjust![k]!.when = c)}
                        path={`${props.path}.counterpart.weights[${i}].adjust[${k}].when`}
                        label={`Adjustment ${k + 1}: while`}
                      />
                      <NumberField
                        label="Add to the weight"
                        path={`${props.path}.counterpart.weights[${i}].adjust[${k}].add`}
                        value={adjust().add}
                        onInput={(v) => session.edit(() => (w().adjust![k]!.add = v))}
                      />
                      <RemoveButton
                        label={`Remove adjustment ${k + 1}`}
                        onClick={() => session.edit(() => removeAt(w().adjust!, k))}
                      />
                    </div>
                  )}
                </Index>
                <button
                  type="button"
                  class="small-button"
                  onClick={() =>
                    session.edit(() =>
                      (weighted().weights[i]!.adjust ??= []).push({
                        when: { metric: options().metrics[0]?.value ?? '', op: '>=', value: 0 },
                        add: 1,
                      }),
                    )
                  }
                >
                  Adjust this weight by a condition
                </button>
              </div>
            )}
          </Index>
        )}
      </Show>
    </div>
  );
}

/** Everything about one node: its text, who decides, its choices (or where a narrated event leads), citations. */
export function NodeForm(props: { index: number }) {
  const { session, options, select } = useEditor();
  const s = session.scenario;
  const node = () => s.nodes[props.index]!;
  const path = () => `nodes[${props.index}]`;
  const sideOptions = () => [{ value: '', label: 'Nobody: a narrated event' }, ...options().sides];
  const addChoice = () =>
    session.edit(() => {
      const n = node();
      const taken = s.nodes.flatMap((x) => (x.choices ?? []).map((c) => c.id));
      (n.choices ??= []).push({
        id: freshId(`${n.id}-choice`, taken),
        label: 'New choice',
        feedback: '',
        next: END,
      });
    });
  const remove = () => {
    session.edit(() => removeAt(s.nodes, props.index));
    select(null);
  };
  return (
    <Show when={s.nodes[props.index]}>
      <section class="panel form-section" aria-labelledby="node-heading" id={fieldId(path())} tabindex="-1">
        <div class="field-head">
          <h2 id="node-heading">
            {node().side ? 'Decision' : 'Narrated event'}: {node().title}
          </h2>
          <button type="button" class="small-button danger" onClick={remove}>
            Delete this node
          </button>
        </div>
        <FieldProblems path={path()} />
        <div class="field-row">
          <IdField item={node()} kind="node" path={path()} />
          <SelectField
            label="Who decides"
            path={`${path()}.side`}
            value={node().side ?? ''}
            options={sideOptions()}
            onChange={(v) => session.edit(() => (node().side = v || null))}
          />
        </div>
        <TextField
          label="Title"
          path={`${path()}.title`}
          value={node().title}
          maxLength={LIMITS.label}
          onInput={(v) => session.edit(() => (node().title = v))}
        />
        <MarkdownField
          label="What happens (everyone sees it)"
          path={`${path()}.body`}
          rows={6}
          value={node().body}
          maxLength={LIMITS.markdown}
          onInput={(v) => session.edit(() => (node().body = v))}
        />
        <For each={s.sides}>
          {(side) => (
            <MarkdownField
              label={`Only ${side.label} sees (optional)`}
              path={`${path()}.private.${side.id}`}
              rows={2}
              value={node().private?.[side.id]}
              maxLength={LIMITS.markdown}
              onInput={(v) =>
                session.edit(() => {
                  const n = node();
                  const priv = (n.private ??= {});
                  setOptional(priv, side.id, v);
                  if (Object.keys(priv).length === 0) delete n.private;
                })
              }
            />
          )}
        </For>
        <SourceRefsEditor holder={node()} path={path()} required />
        <Show
          when={node().side}
          fallback={
            <NextEditor
              value={node().next}
              set={(v) => (node().next = v)}
              path={`${path()}.next`}
              label="Then go to"
            />
          }
        >
          <div class="sub-list" id={fieldId(`${path()}.choices`)} tabindex="-1">
            <h3>Choices</h3>
            <FieldProblems path={`${path()}.choices`} />
            <For each={node().choices ?? []}>
              {(choice, i) => (
                <ChoiceForm choice={choice} node={node()} index={i()} path={`${path()}.choices[${i()}]`} />
              )}
            </For>
            <button type="button" class="button button-secondary" onClick={addChoice}>
              Add a choice
            </button>
          </div>
          <CheckField
            label="Time limit"
            path={`${path()}.timeLimit`}
            checked={!!node().timeLimit}
            onChange={(on) =>
              session.edit(() =>
                on
                  ? (node().timeLimit = { seconds: 60, defaultChoice: node().choices?.[0]?.id ?? '' })
                  : delete node().timeLimit,
              )
            }
          />
          <Show when={node().timeLimit}>
            {(limit) => (
              <div class="field-row">
                <NumberField
                  label="Seconds"
                  path={`${path()}.timeLimit.seconds`}
                  min={5}
                  max={3600}
                  step={1}
                  value={limit().seconds}
                  onInput={(v) => session.edit(() => (limit().seconds = v))}
                />
                <SelectField
                  label="Chosen when time runs out"
                  path={`${path()}.timeLimit.defaultChoice`}
                  value={limit().defaultChoice}
                  options={(node().choices ?? []).map((c) => ({ value: c.id, label: c.label }))}
                  onChange={(v) => session.edit(() => (limit().defaultChoice = v))}
                />
              </div>
            )}
          </Show>
          <CounterpartEditor node={node()} path={path()} />
        </Show>
      </section>
    </Show>
  );
}
