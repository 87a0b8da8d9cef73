import { For, Index } from 'solid-js';
import { LIMITS, type SourceRef } from '../../../../api/engine';
import { useEditor } from '../context';
import { fieldId, FieldProblems, freshId, ItemGroup, RemoveButton, SelectField, TextField } from '../fields';
import { IdField, removeAt, setOptional } from './shared';

/** The sources the scenario cites. */
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
