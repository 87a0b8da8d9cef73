import { createSignal, For, Index, Show } from 'solid-js';
import {
  END,
  LIMITS,
  SHARED,
  type Choice,
  type Condition,
  type Debrief,
  type Ending,
  type Next,
  type PathNote,
  type ScenarioNode,
  type SourceRef,
} from '../../../api/engine';
import { useEditor } from './context';
import { renameKey, renameReferences, type IdKind } from './rename';
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
} from './fields';

/** Sets an optional text property, removing it when emptied (an empty url or date would not validate). */
function setOptional<T extends object, K extends keyof T>(target: T, key: K, value: string) {
  if (value.trim() === '') delete target[key];
  else (target as Record<K, unknown>)[key] = value;
}

const removeAt = <T,>(list: T[], index: number) => list.splice(index, 1);
const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

/** The items beside the one at `path` (`nodes[3]` → the nodes; `nodes[3].choices[1]` → that node's choices). */
function siblingsAt(root: unknown, path: string): { id?: unknown }[] {
  let here: unknown = root;
  const steps = [...path.matchAll(/\.?([^.[\]]+)|\[(\d+)\]/g)];
  for (const [, key, index] of steps.slice(0, -1))
    here = (here as Record<string, unknown> | undefined)?.[key ?? Number(index)];
  return Array.isArray(here) ? here : [];
}

/**
 * An id field: applied when the field is left (so references can follow the rename), but checked as it is typed:
 * an id already taken or not in the allowed letters is said at once, not only after Tab.
 */
function IdField(props: { item: { id: string }; kind: IdKind; path: string; hint?: string }) {
  const { session } = useEditor();
  const [typed, setTyped] = createSignal<string | null>(null);
  const live = () => {
    const value = typed();
    if (value === null || value === props.item.id) return null;
    if (value === '') return 'An id cannot be empty.';
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(value))
      return 'Use lower-case letters, digits, - and _, starting with a letter or digit.';
    if (siblingsAt(session.scenario, props.path).some((other) => other !== props.item && other.id === value))
      return `Another one already has the id “${value}”.`;
    return null;
  };
  return (
    <>
      <TextField
        label="Id"
        path={`${props.path}.id`}
        value={props.item.id}
        maxLength={LIMITS.id}
        hint={props.hint ?? 'Lower-case letters, digits, - and _. Renaming updates every reference to it.'}
        commitOnChange
        onTyping={setTyped}
        onInput={(v) => {
          setTyped(null);
          session.edit(() => {
            const old = props.item.id;
            props.item.id = v;
            renameReferences(session.scenario, props.kind, old, v);
          });
        }}
      />
      <Show when={live()}>
        {(message) => (
          <p class="field-problems live-id-problem" role="status">
            {message()}
          </p>
        )}
      </Show>
    </>
  );
}

export function MetadataForm() {
  const { session, options } = useEditor();
  const s = session.scenario;
  return (
    <section class="panel form-section" aria-labelledby="meta-heading">
      <h2 id="meta-heading">Scenario</h2>
      <TextField
        label="Title"
        path="title"
        value={s.title}
        maxLength={LIMITS.label}
        onInput={(v) => session.edit(() => (s.title = v))}
      />
      <p class="hint">
        Address: <code>/scenarios/{s.slug}</code> (the slug is fixed; duplicate the scenario to get another).
      </p>
      <TextField
        label="Summary (shown in the catalog)"
        path="summary"
        multiline
        value={s.summary}
        maxLength={LIMITS.shortText}
        onInput={(v) => session.edit(() => (s.summary = v))}
      />
      <NumberField
        label="Estimated minutes"
        path="estimatedMinutes"
        min={1}
        max={600}
        step={1}
        value={s.estimatedMinutes}
        onInput={(v) => session.edit(() => (s.estimatedMinutes = v))}
      />
      <SelectField
        label="First node"
        path="start"
        value={s.start}
        options={options().nodes}
        onChange={(v) => session.edit(() => (s.start = v))}
      />
    </section>
  );
}

export function SidesForm() {
  const { session } = useEditor();
  const s = session.scenario;
  const add = () =>
    session.edit(() =>
      s.sides.push({
        id: freshId(
          'side',
          s.sides.map((x) => x.id),
        ),
        label: 'New side',
        actor: 'Who holds this chair',
        playable: true,
        briefing: '',
      }),
    );
  return (
    <section class="panel form-section" aria-labelledby="sides-heading">
      <h2 id="sides-heading">Sides</h2>
      <p class="hint">
        Each side has a briefing only its players see. Sides that are not playable still decide, as the
        counterpart.
      </p>
      <For each={s.sides}>
        {(side, i) => (
          <ItemGroup
            legend={`Side ${side.label || side.id}`}
            path={`sides[${i()}]`}
            onRemove={() => session.edit(() => removeAt(s.sides, i()))}
            onMove={(by) => session.edit(() => move(s.sides, i(), by))}
          >
            <IdField item={side} kind="side" path={`sides[${i()}]`} />
            <TextField
              label="Name"
              path={`sides[${i()}].label`}
              value={side.label}
              maxLength={LIMITS.label}
              onInput={(v) => session.edit(() => (side.label = v))}
            />
            <TextField
              label="Who holds this chair"
              path={`sides[${i()}].actor`}
              value={side.actor}
              maxLength={LIMITS.label}
              onInput={(v) => session.edit(() => (side.actor = v))}
            />
            <CheckField
              label="Players can take this side"
              path={`sides[${i()}].playable`}
              checked={side.playable}
              onChange={(v) => session.edit(() => (side.playable = v))}
            />
            <MarkdownField
              label="Briefing"
              path={`sides[${i()}].briefing`}
              rows={6}
              value={side.briefing}
              maxLength={LIMITS.markdown}
              onInput={(v) => session.edit(() => (side.briefing = v))}
            />
          </ItemGroup>
        )}
      </For>
      <button type="button" class="button button-secondary" onClick={add}>
        Add a side
      </button>
    </section>
  );
}

export function MetricsForm() {
  const { session, options } = useEditor();
  const s = session.scenario;
  const add = () =>
    session.edit(() =>
      s.metrics.push({
        id: freshId(
          'metric',
          s.metrics.map((m) => m.id),
        ),
        label: 'New indicator',
        description: '',
        min: 0,
        max: 100,
        start: 50,
        owner: SHARED,
      }),
    );
  const setWeight = (side: string, metric: string, value: string) =>
    session.edit(() => {
      const weights = (s.scoring[side] ??= {});
      if (value.trim() === '' || !Number.isFinite(Number(value))) delete weights[metric];
      else weights[metric] = Number(value);
    });
  return (
    <section class="panel form-section" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Indicators and scoring</h2>
      <For each={s.metrics}>
        {(metric, i) => (
          <ItemGroup
            legend={`Indicator ${metric.label || metric.id}`}
            path={`metrics[${i()}]`}
            onRemove={() => session.edit(() => removeAt(s.metrics, i()))}
            onMove={(by) => session.edit(() => move(s.metrics, i(), by))}
          >
            <div class="field-row">
              <IdField item={metric} kind="metric" path={`metrics[${i()}]`} />
              <TextField
                label="Name"
                path={`metrics[${i()}].label`}
                value={metric.label}
                maxLength={LIMITS.label}
                onInput={(v) => session.edit(() => (metric.label = v))}
              />
            </div>
            <TextField
              label="What it measures"
              path={`metrics[${i()}].description`}
              value={metric.description}
              maxLength={LIMITS.shortText}
              onInput={(v) => session.edit(() => (metric.description = v))}
            />
            <div class="field-row">
              <NumberField
                label="Lowest"
                path={`metrics[${i()}].min`}
                value={metric.min}
                onInput={(v) => session.edit(() => (metric.min = v))}
              />
              <NumberField
                label="Highest"
                path={`metrics[${i()}].max`}
                value={metric.max}
                onInput={(v) => session.edit(() => (metric.max = v))}
              />
              <NumberField
                label="At the start"
                path={`metrics[${i()}].start`}
                value={metric.start}
                onInput={(v) => session.edit(() => (metric.start = v))}
              />
            </div>
            <SelectField
              label="Who sees it"
              path={`metrics[${i()}].owner`}
              value={metric.owner}
              options={options().owners}
              onChange={(v) => session.edit(() => (metric.owner = v))}
            />
          </ItemGroup>
        )}
      </For>
      <button type="button" class="button button-secondary" onClick={add}>
        Add an indicator
      </button>

      <h3 id="scoring-heading">Scoring weights</h3>
      <p class="hint" id="scoring-hint">
        Per side, how much each indicator counts: positive when higher is better for that side, negative when
        lower is. Leave empty to leave it out.
      </p>
      <FieldProblems path="scoring" />
      <div class="table-scroll">
        <table
          class="data-table"
          aria-labelledby="scoring-heading"
          aria-describedby="scoring-hint"
          id={fieldId('scoring')}
        >
          <thead>
            <tr>
              <th scope="col">Indicator</th>
              <For each={s.sides}>{(side) => <th scope="col">{side.label}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={s.metrics}>
              {(metric) => (
                <tr>
                  <th scope="row">{metric.label}</th>
                  <For each={s.sides}>
                    {(side) => (
                      <td>
                        <input
                          class="weight-input"
                          type="number"
                          step="any"
                          id={fieldId(`scoring.${side.id}.${metric.id}`)}
                          aria-label={`Weight of ${metric.label} for ${side.label}`}
                          value={s.scoring[side.id]?.[metric.id] ?? ''}
                          onChange={(e) => setWeight(side.id, metric.id, e.currentTarget.value)}
                        />
                      </td>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SourcesForm() {
  const { session } = useEditor();
  const s = session.scenario;
  const add = () =>
    session.edit(() =>
      s.sources.push({
        id: freshId(
          'source',
          s.sources.map((x) => x.id),
        ),
        title: 'New source',
      }),
    );
  const reliability = [
    { value: 'A', label: 'A: wire service or major outlet' },
    { value: 'B', label: 'B: national or state media' },
    { value: 'C', label: 'C: aggregator, blog or partisan outlet' },
  ];
  return (
    <section class="panel form-section" aria-labelledby="sources-heading">
      <h2 id="sources-heading">Sources</h2>
      <p class="hint">Every node and ending cites at least one of these, with the passage it rests on.</p>
      <For each={s.sources}>
        {(source, i) => (
          <ItemGroup
            legend={`Source ${source.title || source.id}`}
            path={`sources[${i()}]`}
            onRemove={() => session.edit(() => removeAt(s.sources, i()))}
          >
            <div class="field-row">
              <IdField item={source} kind="source" path={`sources[${i()}]`} />
              <TextField
                label="Title"
                path={`sources[${i()}].title`}
                value={source.title}
                maxLength={LIMITS.label}
                onInput={(v) => session.edit(() => (source.title = v))}
              />
            </div>
            <div class="field-row">
              <TextField
                label="Publisher"
                path={`sources[${i()}].publisher`}
                value={source.publisher}
                maxLength={LIMITS.label}
                onInput={(v) => session.edit(() => setOptional(source, 'publisher', v))}
              />
              <TextField
                label="Date"
                path={`sources[${i()}].date`}
                value={source.date}
                maxLength={40}
                placeholder="2024-01-18"
                onInput={(v) => session.edit(() => setOptional(source, 'date', v))}
              />
            </div>
            <TextField
              label="Address (URL)"
              path={`sources[${i()}].url`}
              value={source.url}
              maxLength={2000}
              placeholder="https://…"
              onInput={(v) => session.edit(() => setOptional(source, 'url', v))}
            />
            <SelectField
              label="Reliability"
              path={`sources[${i()}].reliability`}
              value={source.reliability ?? ''}
              placeholder="Not rated"
              options={reliability}
              onChange={(v) => session.edit(() => setOptional(source, 'reliability', v))}
            />
            <TextField
              label="Passage (quoted or summarised)"
              path={`sources[${i()}].passage`}
              multiline
              value={source.passage}
              maxLength={LIMITS.shortText}
              onInput={(v) => session.edit(() => setOptional(source, 'passage', v))}
            />
          </ItemGroup>
        )}
      </For>
      <button type="button" class="button button-secondary" onClick={add}>
        Add a source
      </button>
    </section>
  );
}

/** The citations of a node, choice or ending: a source and where in it. */
export function SourceRefsEditor(props: {
  holder: { sources?: SourceRef[] };
  path: string;
  required?: boolean;
}) {
  const { session, options } = useEditor();
  const refs = () => props.holder.sources ?? [];
  const add = () =>
    session.edit(() =>
      (props.holder.sources ??= []).push({ source: options().sources[0]?.value ?? '', locator: '' }),
    );
  return (
    <div class="sub-list" id={fieldId(`${props.path}.sources`)} tabindex="-1">
      <h4>Cited sources{props.required ? '' : ' (optional)'}</h4>
      <FieldProblems path={`${props.path}.sources`} />
      <Index each={refs()}>
        {(ref, i) => (
          <div class="field-row sub-item">
            <SelectField
              label="Source"
              path={`${props.path}.sources[${i}].source`}
              value={ref().source}
              options={options().sources}
              onChange={(v) => session.edit(() => (refs()[i]!.source = v))}
            />
            <TextField
              label="Where (section, paragraph)"
              path={`${props.path}.sources[${i}].locator`}
              value={ref().locator}
              maxLength={LIMITS.shortText}
              onInput={(v) => session.edit(() => setOptional(refs()[i]!, 'locator', v))}
            />
            <RemoveButton
              label={`Remove citation ${i + 1}`}
              onClick={() => session.edit(() => removeAt(refs(), i))}
            />
          </div>
        )}
      </Index>
      <button type="button" class="small-button" onClick={add}>
        Cite a source
      </button>
    </div>
  );
}

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

/** Where a run goes next: straight to a node or ending, or branches on conditions with a default. */
function NextEditor(props: {
  value: Next | undefined;
  set: (next: Next) => void;
  path: string;
  label: string;
}) {
  const { session, options } = useEditor();
  const mode = () => (typeof props.value === 'object' && props.value !== null ? 'branches' : 'goto');
  const branching = () => props.value as Exclude<Next, string>;
  const setMode = (to: string) =>
    session.edit(() => {
      const current = props.value;
      if (to === 'branches' && typeof current !== 'object') {
        const target = current || END;
        props.set({ branches: [{ when: { flag: 'flag', is: true }, goto: target }], otherwise: target });
      } else if (to === 'goto' && typeof current === 'object') {
        props.set(current.otherwise);
      }
    });
  return (
    <div class="next-editor" role="group" aria-label="Where the run goes next">
      <SelectField
        label={`${props.label}: how`}
        path={`${props.path}.mode`}
        value={mode()}
        options={[
          { value: 'goto', label: 'Always the same place' },
          { value: 'branches', label: 'Depends on conditions' },
        ]}
        onChange={setMode}
      />
      <Show
        when={mode() === 'branches'}
        fallback={
          <SelectField
            label={props.label}
            path={props.path}
            value={props.value as string | undefined}
            options={options().targets}
            onChange={(v) => session.edit(() => props.set(v))}
          />
        }
      >
        <div class="sub-list">
          <Index each={branching().branches}>
            {(branch, i) => (
              <div class="sub-item branch">
                <ConditionEditor
                  value={branch().when}
                  set={(c) => (branching().branches[i]!.when = c)}
                  path={`${props.path}.branches[${i}].when`}
                  label={`Branch ${i + 1}: when`}
                />
                <SelectField
                  label={`Branch ${i + 1}: go to`}
                  path={`${props.path}.branches[${i}].goto`}
                  value={branch().goto}
                  options={options().targets}
                  onChange={(v) => session.edit(() => (branching().branches[i]!.goto = v))}
                />
                <Show when={branching().branches.length > 1}>
                  <RemoveButton
                    label={`Remove branch ${i + 1}`}
                    onClick={() => session.edit(() => removeAt(branching().branches, i))}
                  />
                </Show>
              </div>
            )}
          </Index>
          <button
            type="button"
            class="small-button"
            onClick={() =>
              session.edit(() =>
                branching().branches.push({ when: { flag: 'flag', is: true }, goto: branching().otherwise }),
              )
            }
          >
            Add a branch
          </button>
          <SelectField
            label="Otherwise go to"
            path={`${props.path}.otherwise`}
            value={branching().otherwise}
            options={options().targets}
            onChange={(v) => session.edit(() => (branching().otherwise = v))}
          />
        </div>
      </Show>
    </div>
  );
}

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

function ChoiceForm(props: { choice: Choice; node: ScenarioNode; index: number; path: string }) {
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
        {(note, i) => (
          <div class="sub-item path-note-editor" role="group" aria-label={`Path note ${i + 1}`}>
            <ConditionEditor
              value={note().when}
              set={(c) => (notes()[i]!.when = c)}
              path={`${props.path}.pathNotes[${i}].when`}
              label={`Note ${i + 1}: shown when`}
            />
            <MarkdownField
              label={`Note ${i + 1}: text`}
              path={`${props.path}.pathNotes[${i}].text`}
              value={note().text}
              maxLength={LIMITS.markdown}
              onInput={(v) => session.edit(() => (notes()[i]!.text = v))}
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
        )}
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
