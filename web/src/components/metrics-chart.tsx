import { createMemo, For } from 'solid-js';
import type { MetricView, TimelineEntryView } from '../../../api/engine';
import { CHART_COLORS, CHART_DASHES } from '../lib/palette';

/** The least vertical room between two lines' end labels, in the chart's units. */
const LABEL_GAP = 10;

import { dir, En, forward, n, pct, t } from '../i18n';

/** The player's metrics over the steps of the run as a line chart, with the numbers in a table beneath. */
type ChartMetric = Pick<MetricView, 'id' | 'label' | 'value' | 'min' | 'max'>;
type ChartStep = Pick<TimelineEntryView, 'title' | 'metrics' | 'changes'>;

export function MetricsChart(props: { metrics: ChartMetric[]; timeline: ChartStep[] }) {
  // A small viewBox keeps the labels legible when the chart shrinks to a phone's width.
  const width = 360;
  const height = 190;
  const pad = { left: 34, right: 20, top: 10, bottom: 24 };
  // Step 0 is the start: each metric's value before anything happened.
  const series = createMemo(() =>
    props.metrics.map((metric, i) => {
      const first = props.timeline[0];
      const start = first
        ? (first.metrics[metric.id] ?? metric.value) - (first.changes[metric.id] ?? 0)
        : metric.value;
      const values = [start, ...props.timeline.map((entry) => entry.metrics[metric.id] ?? metric.value)];
      return {
        metric,
        values,
        number: i + 1,
        color: CHART_COLORS[i % CHART_COLORS.length]!,
        dash: CHART_DASHES[i % CHART_DASHES.length]!,
      };
    }),
  );
  const steps = () => props.timeline.length;
  // Time runs in the reading direction: right to left in Urdu and Persian, the axis labels on the start side.
  const mirror = (px: number) => (dir() === 'rtl' ? width - px : px);
  const x = (i: number) => mirror(pad.left + (i / Math.max(1, steps())) * (width - pad.left - pad.right));
  const y = (metric: ChartMetric, v: number) =>
    pad.top + (1 - (v - metric.min) / (metric.max - metric.min)) * (height - pad.top - pad.bottom);

  // Each line's number sits at its end, nudged apart where lines end close together.
  const endLabels = createMemo(() => {
    const ends = series()
      .map((s) => ({ s, y: y(s.metric, s.values.at(-1) ?? 0) }))
      .sort((a, b) => a.y - b.y);
    for (let i = 1; i < ends.length; i++) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + LABEL_GAP);
    const overflow = (ends.at(-1)?.y ?? 0) - (height - pad.bottom);
    if (overflow > 0) for (const e of ends) e.y -= overflow;
    for (let i = ends.length - 2; i >= 0; i--) ends[i]!.y = Math.min(ends[i]!.y, ends[i + 1]!.y - LABEL_GAP);
    return ends;
  });

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
              stroke-dasharray={s.dash || undefined}
              points={s.values.map((v, i) => `${x(i)},${y(s.metric, v)}`).join(' ')}
            />
          )}
        </For>
        <For each={endLabels()}>
          {(end) => (
            <text
              class="chart-end-label"
              x={mirror(width - pad.right / 2)}
              y={end.y + 3.5}
              fill={end.s.color}
              text-anchor="middle"
              aria-hidden="true"
            >
              {n(end.s.number)}
            </text>
          )}
        </For>
      </svg>
      <ul class="chart-legend">
        <For each={series()}>
          {(s) => (
            <li>
              <svg class="legend-line" viewBox="0 0 24 10" width="24" height="10" aria-hidden="true">
                <line
                  x1="0"
                  y1="5"
                  x2="24"
                  y2="5"
                  stroke={s.color}
                  stroke-width="2.5"
                  stroke-dasharray={s.dash || undefined}
                />
              </svg>
              <span class="legend-number" aria-hidden="true">
                {n(s.number)}
              </span>
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
