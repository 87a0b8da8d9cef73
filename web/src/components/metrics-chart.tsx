import { createMemo, For } from 'solid-js';
import type { MetricView, TimelineEntryView } from '../../../api/engine';

const COLORS = ['#1f3a5f', '#b5542b', '#2e6b4f', '#7a4a12', '#6a3d8f', '#2b7a8c', '#8c2b4f'];

import { dir, En, forward, n, pct, t } from '../i18n';

/** The player's metrics over the steps of the run as a line chart, with the numbers in a table beneath. */
type ChartMetric = Pick<MetricView, 'id' | 'label' | 'value' | 'min' | 'max'>;
type ChartStep = Pick<TimelineEntryView, 'title' | 'metrics' | 'changes'>;

export function MetricsChart(props: { metrics: ChartMetric[]; timeline: ChartStep[] }) {
  // A small viewBox keeps the labels legible when the chart shrinks to a phone's width.
  const width = 360;
  const height = 190;
  const pad = { left: 34, right: 8, top: 10, bottom: 24 };
  // Step 0 is the start: each metric's value before anything happened.
  const series = createMemo(() =>
    props.metrics.map((metric, i) => {
      const first = props.timeline[0];
      const start = first
        ? (first.metrics[metric.id] ?? metric.value) - (first.changes[metric.id] ?? 0)
        : metric.value;
      const values = [start, ...props.timeline.map((entry) => entry.metrics[metric.id] ?? metric.value)];
      return { metric, values, color: COLORS[i % COLORS.length]! };
    }),
  );
  const steps = () => props.timeline.length;
  // Time runs in the reading direction: right to left in Urdu and Persian, the axis labels on the start side.
  const mirror = (px: number) => (dir() === 'rtl' ? width - px : px);
  const x = (i: number) => mirror(pad.left + (i / Math.max(1, steps())) * (width - pad.left - pad.right));
  const y = (metric: ChartMetric, v: number) =>
    pad.top + (1 - (v - metric.min) / (metric.max - metric.min)) * (height - pad.top - pad.bottom);

  return (
    <figure class="metrics-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">{t('debrief.chartSvg')}</title>
        <desc id="chart-desc">
          {series()
            .map((s) =>
              t('debrief.wentFrom', {
                metric: s.metric.label,
                from: n(s.values[0] ?? 0),
                to: n(s.values.at(-1) ?? 0),
              }),
            )
            .join('; ')}
        </desc>
        <For each={[0, 25, 50, 75, 100]}>
          {(tick) => {
            const ty = pad.top + (1 - tick / 100) * (height - pad.top - pad.bottom);
            return (
              <g class="chart-grid">
                <line x1={mirror(pad.left)} x2={mirror(width - pad.right)} y1={ty} y2={ty} />
                <text x={mirror(pad.left - 6)} y={ty + 4} text-anchor="end">
                  {pct(tick / 100)}
                </text>
              </g>
            );
          }}
        </For>
        <text x={width / 2} y={height - 6} text-anchor="middle" class="chart-axis">
          {t('debrief.axis')}
        </text>
        <For each={series()}>
          {(s) => (
            <polyline
              class="chart-line"
              fill="none"
              stroke={s.color}
              stroke-width="2"
              points={s.values.map((v, i) => `${x(i)},${y(s.metric, v)}`).join(' ')}
            />
          )}
        </For>
      </svg>
      <ul class="chart-legend">
        <For each={series()}>
          {(s) => (
            <li>
              <span class="legend-swatch" style={{ background: s.color }} aria-hidden="true" />
              <En>{s.metric.label}</En>: {n(s.values[0] ?? 0)} {forward()} {n(s.values.at(-1) ?? 0)}
            </li>
          )}
        </For>
      </ul>
      <details class="chart-table">
        <summary>{t('debrief.showNumbers')}</summary>
        <div class="table-scroll" tabindex="0" role="region" aria-label={t('debrief.chartTitle')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('debrief.step')}</th>
                <For each={series()}>
                  {(s) => (
                    <th scope="col">
                      <En>{s.metric.label}</En>
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={[...Array(steps() + 1).keys()]}>
                {(i) => (
                  <tr>
                    <th scope="row">
                      {i === 0 ? t('debrief.start') : <En>{props.timeline[i - 1]!.title}</En>}
                    </th>
                    <For each={series()}>{(s) => <td>{n(s.values[i] ?? 0)}</td>}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
