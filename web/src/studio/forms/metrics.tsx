import { For } from 'solid-js';
import { LIMITS, SHARED } from '../../../../api/engine';
import { useEditor } from '../context';
import {
  fieldId,
  FieldProblems,
  freshId,
  ItemGroup,
  move,
  NumberField,
  SelectField,
  TextField,
} from '../fields';
import { IdField, removeAt } from './shared';

/** The indicators (metrics) and how runs are scored on them. */
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
