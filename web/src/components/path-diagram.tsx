import { For } from 'solid-js';
import type { EndingView } from '../../../api/engine';

/**
 * The player's path beside history, drawn: one row per decision, the player's choice on the left, the historical
 * one on the right, joined where they agree. A list of the same facts follows for screen readers and printing.
 */
export function PathDiagram(props: { comparison: EndingView['comparison'] }) {
  // Two tracks side by side, like a line map: yours on the left, history's on the right, one stop per decision,
  // joined where you chose as history did. Narrow enough to stay legible on a phone.
  const rowHeight = 62;
  // Off the historical path the marked choice is only the closest to the real side's conduct, not what it did.
  const counted = () => props.comparison.filter((r) => r.onHistoricalPath);
  const historyText = (row: EndingView['comparison'][number], short: boolean) =>
    !row.onHistoricalPath
      ? short
        ? 'never faced this'
        : `the real side never faced this decision (closest to its conduct: “${row.historical?.label ?? 'not recorded'}”).`
      : row.matched
        ? short
          ? 'the same'
          : 'the same as the real side.'
        : short
          ? truncate(row.historical?.label ?? 'not recorded')
          : `the real side chose “${row.historical?.label ?? 'not recorded'}”.`;
  const height = () => props.comparison.length * rowHeight + 8;
  const you = 12;
  const history = 30;
  const text = 46;
  return (
    <figure class="path-diagram">
      <svg viewBox={`0 0 360 ${height()}`} role="img" aria-labelledby="path-title path-desc">
        <title id="path-title">Your path beside the historical path</title>
        <desc id="path-desc">
          {`${counted().filter((r) => r.matched).length} of the ${counted().length} decisions the real side also faced matched what it did.`}
        </desc>
        <line x1={you} y1="6" x2={you} y2={height() - 6} class="path-spine path-spine-you" />
        <line x1={history} y1="6" x2={history} y2={height() - 6} class="path-spine path-spine-history" />
        <For each={props.comparison}>
          {(row, i) => {
            const y = () => 16 + i() * rowHeight;
            return (
              <g class={row.matched && row.onHistoricalPath ? 'path-row matched' : 'path-row differed'}>
                <line
                  x1={you}
                  y1={y() + 20}
                  x2={history}
                  y2={y() + 20}
                  class={row.matched && row.onHistoricalPath ? 'path-link matched' : 'path-link differed'}
                />
                <circle cx={you} cy={y() + 20} r="5.5" class="path-node path-node-you" />
                <circle cx={history} cy={y() + 20} r="5.5" class="path-node path-node-history" />
                <text x={text} y={y()} class="svg-step">
                  {truncate(row.title, 50)}
                </text>
                <text x={text} y={y() + 17} class="svg-label">
                  <tspan class="svg-who">You: </tspan>
                  {truncate(row.chosen.label)}
                </text>
                <text x={text} y={y() + 34} class="svg-label">
                  <tspan class="svg-who">History: </tspan>
                  {historyText(row, true)}
                </text>
              </g>
            );
          }}
        </For>
      </svg>
      <figcaption class="visually-hidden-caption">
        <ol class="path-list">
          <For each={props.comparison}>
            {(row) => (
              <li>
                <strong>{row.title}:</strong> you chose “{row.chosen.label}”; {historyText(row, false)}
              </li>
            )}
          </For>
        </ol>
      </figcaption>
    </figure>
  );
}

const truncate = (text: string, max = 38) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
