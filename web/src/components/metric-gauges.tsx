import { For, Show } from 'solid-js';
import type { MetricView } from '../../../api/engine';
import { signed } from '../lib/format';
import { En, n, t } from '../i18n';
import { deltaClass } from './timeline';

/** The side's metrics as labelled meters, with the last change beside each. */
export function MetricGauges(props: {
  metrics: MetricView[];
  changes?: Record<string, number>;
  sideLabel: string;
}) {
  return (
    <section class="panel gauges" aria-labelledby="gauges-heading">
      <h2 id="gauges-heading">{t('play.yourIndicators')}</h2>
      <ul class="gauge-list">
        <For each={props.metrics}>
          {(metric) => {
            const position = () => ((metric.value - metric.min) / (metric.max - metric.min)) * 100;
            const change = () => props.changes?.[metric.id];
            return (
              <li class="gauge">
                <div class="gauge-head">
                  <span id={`gauge-${metric.id}`} class="gauge-label">
                    <En>{metric.label}</En>
                    {metric.owner === 'shared' && <span class="tag">{t('play.shared')}</span>}
                    {metric.goodWhen === 'lower' && <span class="tag">{t('play.lowerBetter')}</span>}
                  </span>
                  <span class="gauge-value">
                    {n(metric.value)}
                    <Show when={change()}>
                      {(delta) => (
                        <span
                          class={`delta ${deltaClass(delta(), metric.goodWhen)}`}
                          aria-label={t('play.changedBy', { delta: signed(delta()) })}
                        >
                          {signed(delta())}
                        </span>
                      )}
                    </Show>
                  </span>
                </div>
                <div
                  class="gauge-track"
                  role="meter"
                  aria-labelledby={`gauge-${metric.id}`}
                  aria-valuemin={metric.min}
                  aria-valuemax={metric.max}
                  aria-valuenow={metric.value}
                >
                  <div class="gauge-fill" style={{ width: `${position()}%` }} />
                </div>
                <p class="gauge-description" lang="en" dir="auto">
                  {metric.description}
                </p>
              </li>
            );
          }}
        </For>
      </ul>
    </section>
  );
}
