import { Index } from 'solid-js';
import { LIMITS, type Choice, type ScenarioNode } from '../../../../api/engine';
import { useEditor } from '../context';
import { renameKey } from '../rename';
import {
  CheckField,
  fieldId,
  FieldProblems,
  freshId,
  ItemGroup,
  MarkdownField,
  move,
  NumberField,
  RemoveButton,
  SelectField,
  TextField,
} from '../fields';
import { NextEditor } from './next';
import { IdField, removeAt, setOptional } from './shared';
import { SourceRefsEditor } from './sources';

/** A choice's effects: changes to indicators and flags set or cleared. */
function EffectsEditor(props: { choice: Choice; path: string }) {
  const { session, options } = useEditor();
  const effects = () => (props.choice.effects ??= {});
  const metricRows = () => Object.entries(props.choice.effects?.metrics ?? {});
  const flagRows = () => Object.entries(props.choice.effects?.flags ?? {});
  const tidy = () => {
    const e = props.choice.effects;
    if (!e) return;
    if (e.metrics && Object.keys(e.metrics).length === 0) delete e.metrics;
    if (e.flags && Object.keys(e.flags).length === 0) delete e.flags;
    if (Object.keys(e).length === 0) delete props.choice.effects;
  };
  const removeEffect = (kind: 'metrics' | 'flags', key: string) =>
    session.edit(() => {
      delete effects()[kind]![key];
      tidy();
    });
  return (
    <div class="sub-list" id={fieldId(`${props.path}.effects`)} tabindex="-1">
      <h4>Effects (hidden from the player until they choose)</h4>
      <FieldProblems path={`${props.path}.effects`} />
      <Index each={metricRows()}>
        {(row, i) => (
          <div class="field-row sub-item">
            <SelectField
              label="Indicator"
              path={`${props.path}.effects.metrics[${i}]`}
              value={row()[0]}
              options={options().metrics}
              onChange={(v) =>
                session.edit(() => (v ? renameKey(effects().metrics!, row()[0], v) : undefined))
              }
            />
            <NumberField
              label="Change by"
              path={`${props.path}.effects.metrics.${row()[0]}`}
              value={row()[1]}
              onInput={(v) => session.edit(() => (effects().metrics![row()[0]] = v))}
            />
            <RemoveButton
              label={`Remove the change to ${row()[0]}`}
              onClick={() => removeEffect('metrics', row()[0])}
            />
          </div>
        )}
      </Index>
      <Index each={flagRows()}>
        {(row, i) => (
          <div class="field-row sub-item">
            <TextField
              label="Flag"
              path={`${props.path}.effects.flags[${i}]`}
              value={row()[0]}
              maxLength={LIMITS.id}
              commitOnChange
              onInput={(v) => session.edit(() => (v ? renameKey(effects().flags!, row()[0], v) : undefined))}
            />
            <SelectField
              label="Becomes"
              path={`${props.path}.effects.flags.${row()[0]}`}
              value={String(row()[1])}
              options={[
                { value: 'true', label: 'set' },
                { value: 'false', label: 'cleared' },
              ]}
              onChange={(v) => session.edit(() => (effects().flags![row()[0]] = v === 'true'))}
            />
            <RemoveButton label={`Remove flag ${row()[0]}`} onClick={() => removeEffect('flags', row()[0])} />
          </div>
        )}
      </Index>
      <div class="button-row">
        <button
          type="button"
          class="small-button"
          onClick={() =>
            session.edit(() => {
              const metrics = (effects().metrics ??= {});
              const unused = options().metrics.find((m) => !(m.value in metrics));
              if (unused) metrics[unused.value] = 0;
            })
          }
        >
          Change an indicator
        </button>
        <button
          type="button"
          class="small-button"
          onClick={() =>
            session.edit(() => {
              const flags = (effects().flags ??= {});
              flags[freshId('flag', Object.keys(flags))] = true;
            })
          }
        >
          Set a flag
        </button>
      </div>
    </div>
  );
}

/** One choice of a decision: label and detail, the historical mark, feedback, effects and where it leads. */
export function ChoiceForm(props: { choice: Choice; node: ScenarioNode; index: number; path: string }) {
  const { session } = useEditor();
  const c = props.choice;
  const choices = () => props.node.choices!;
  return (
    <ItemGroup
      legend={`Choice ${c.label || c.id}`}
      path={props.path}
      class="choice-form"
      onRemove={() => session.edit(() => removeAt(choices(), props.index))}
      onMove={(by) => session.edit(() => move(choices(), props.index, by))}
    >
      <div class="field-row">
        <IdField item={c} kind="choice" path={props.path} />
        <TextField
          label="Label"
          path={`${props.path}.label`}
          value={c.label}
          maxLength={LIMITS.label}
          onInput={(v) => session.edit(() => (c.label = v))}
        />
      </div>
      <TextField
        label="Detail (optional)"
        path={`${props.path}.detail`}
        value={c.detail}
        maxLength={LIMITS.shortText}
        onInput={(v) => session.edit(() => setOptional(c, 'detail', v))}
      />
      <CheckField
        label="This is what really happened (historical)"
        path={`${props.path}.historical`}
        checked={!!c.historical}
        onChange={(v) => session.edit(() => (v ? (c.historical = true) : delete c.historical))}
      />
      <MarkdownField
        label="Feedback after choosing"
        path={`${props.path}.feedback`}
        value={c.feedback}
        maxLength={LIMITS.markdown}
        onInput={(v) => session.edit(() => (c.feedback = v))}
      />
      <MarkdownField
        label="What the other side sees (optional)"
        path={`${props.path}.seenByOthers`}
        rows={2}
        value={c.seenByOthers}
        maxLength={LIMITS.markdown}
        onInput={(v) => session.edit(() => setOptional(c, 'seenByOthers', v))}
      />
      <TextField
        label="Ask the player to justify (optional prompt)"
        path={`${props.path}.justify`}
        value={c.justify}
        maxLength={LIMITS.shortText}
        onInput={(v) => session.edit(() => setOptional(c, 'justify', v))}
      />
      <EffectsEditor choice={c} path={props.path} />
      <NextEditor value={c.next} set={(v) => (c.next = v)} path={`${props.path}.next`} label="Then go to" />
      <SourceRefsEditor holder={c} path={props.path} />
    </ItemGroup>
  );
}
