import { Index, Show } from 'solid-js';
import { LIMITS, type Condition } from '../../../../api/engine';
import { useEditor } from '../context';
import { NumberField, RemoveButton, SelectField, TextField } from '../fields';
import { removeAt } from './shared';

const conditionKind = (c: Condition) =>
  'metric' in c
    ? 'metric'
    : 'flag' in c
      ? 'flag'
      : 'chose' in c
        ? 'chose'
        : 'all' in c
          ? 'all'
          : 'any' in c
            ? 'any'
            : 'not';

/** A condition on the run's state, built from nested pickers rather than typed. */
export function ConditionEditor(props: {
  value: Condition;
  set: (c: Condition) => void;
  path: string;
  label: string;
}) {
  const { session, options } = useEditor();
  const fresh = (kind: string): Condition => {
    const metric = options().metrics[0]?.value ?? '';
    switch (kind) {
      case 'metric':
        return { metric, op: '>=', value: 0 };
      case 'flag':
        return { flag: 'flag', is: true };
      case 'chose':
        return { chose: options().choices[0]?.value ?? '' };
      case 'not':
        return { not: props.value };
      default:
        return { [kind]: [props.value] } as Condition;
    }
  };
  const kinds = [
    { value: 'metric', label: 'An indicator compares to a number' },
    { value: 'flag', label: 'A flag is set or not' },
    { value: 'chose', label: 'A choice was made' },
    { value: 'all', label: 'All of several conditions' },
    { value: 'any', label: 'Any of several conditions' },
    { value: 'not', label: 'Not a condition' },
  ];
  const ops = ['<', '<=', '>', '>=', '==', '!='].map((op) => ({ value: op, label: op }));
  return (
    <div class="condition" role="group" aria-label={props.label}>
      <SelectField
        label={props.label}
        path={`${props.path}.kind`}
        value={conditionKind(props.value)}
        options={kinds}
        onChange={(v) => session.edit(() => props.set(fresh(v)))}
      />
      {(() => {
        const c = props.value;
        if ('metric' in c)
          return (
            <div class="field-row">
              <SelectField
                label="Indicator"
                path={`${props.path}.metric`}
                value={c.metric}
                options={options().metrics}
                onChange={(v) => session.edit(() => (c.metric = v))}
              />
              <SelectField
                label="Is"
                path={`${props.path}.op`}
                value={c.op}
                options={ops}
                onChange={(v) => session.edit(() => (c.op = v as typeof c.op))}
              />
              <NumberField
                label="Value"
                path={`${props.path}.value`}
                value={c.value}
                onInput={(v) => session.edit(() => (c.value = v))}
              />
            </div>
          );
        if ('flag' in c)
          return (
            <div class="field-row">
              <TextField
                label="Flag"
                path={`${props.path}.flag`}
                value={c.flag}
                maxLength={LIMITS.id}
                commitOnChange
                onInput={(v) => session.edit(() => (c.flag = v))}
              />
              <SelectField
                label="Is"
                path={`${props.path}.is`}
                value={String(c.is)}
                options={[
                  { value: 'true', label: 'set' },
                  { value: 'false', label: 'not set' },
                ]}
                onChange={(v) => session.edit(() => (c.is = v === 'true'))}
              />
            </div>
          );
        if ('chose' in c)
          return (
            <SelectField
              label="Choice"
              path={`${props.path}.chose`}
              value={c.chose}
              options={options().choices}
              onChange={(v) => session.edit(() => (c.chose = v))}
            />
          );
        if ('not' in c)
          return (
            <ConditionEditor
              value={c.not}
              set={(v) => (c.not = v)}
              path={`${props.path}.not`}
              label="Condition to negate"
            />
          );
        const list = 'all' in c ? c.all : c.any;
        const key = 'all' in c ? 'all' : 'any';
        return (
          <div class="sub-list">
            <Index each={list}>
              {(inner, i) => (
                <div class="sub-item">
                  <ConditionEditor
                    value={inner()}
                    set={(v) => (list[i] = v)}
                    path={`${props.path}.${key}[${i}]`}
                    label={`Condition ${i + 1}`}
                  />
                  <Show when={list.length > 1}>
                    <RemoveButton
                      label={`Remove condition ${i + 1}`}
                      onClick={() => session.edit(() => removeAt(list, i))}
                    />
                  </Show>
                </div>
              )}
            </Index>
            <button
              type="button"
              class="small-button"
              onClick={() => session.edit(() => list.push(fresh('flag')))}
            >
              Add a condition
            </button>
          </div>
        );
      })()}
    </div>
  );
}
