import { createMemo, For } from 'solid-js';
import { forward, n, t } from '../i18n';

type Flow = { from: string; to: string; count: number };

/**
 * A Sankey-style diagram of how a cohort moved through a scenario: one column per depth, one bar per decision
 * (or ending), links as wide as the number of students who took them.
 */
export function FlowDiagram(props: { flow: Flow[]; label: (id: string) => string }) {
  const layout = createMemo(() => {
    // Depth: the longest known path from the start, so each column reads left to right.
    const depth = new Map<string, number>([['start', 0]]);
    for (let changed = true, guard = 0; changed && guard < 100; guard++) {
      changed = false;
      for (const f of props.flow) {
        const next = (depth.get(f.from) ?? 0) + 1;
        if ((depth.get(f.to) ?? -1) < next) {
          depth.set(f.to, next);
          changed = true;
        }
      }
    }
    const throughput = new Map<string, number>();
    for (const f of props.flow) {
      throughput.set(f.to, (throughput.get(f.to) ?? 0) + f.count);
      if (f.from === 'start') throughput.set('start', (throughput.get('start') ?? 0) + f.count);
    }
    const columns: string[][] = [];
    for (const [id, d] of depth) (columns[d] ??= []).push(id);
    const maxTotal = Math.max(
      1,
      ...columns.map((col) => col.reduce((s, id) => s + (throughput.get(id) ?? 0), 0)),
    );
    const height = 320;
    const scale = (height - 20 * Math.max(...columns.map((c) => c.length))) / maxTotal;
    const position = new Map<string, { x: number; y: number; h: number; out: number; in: number }>();
    const colWidth = 150;
    columns.forEach((col, c) => {
      let y = 10;
      for (const id of col) {
        const h = Math.max(3, (throughput.get(id) ?? 0) * scale);
        position.set(id, { x: 10 + c * colWidth, y, h, out: 0, in: 0 });
        y += h + 20;
      }
    });
    const links = props.flow
      .filter((f) => position.has(f.from) && position.has(f.to))
      .map((f) => {
        const a = position.get(f.from)!;
        const b = position.get(f.to)!;
        const w = Math.max(1.5, f.count * scale);
        const y1 = a.y + a.out + w / 2;
        const y2 = b.y + b.in + w / 2;
        a.out += w;
        b.in += w;
        const x1 = a.x + 10;
        const x2 = b.x;
        return { ...f, w, d: `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}` };
      });
    return {
      width: 20 + (columns.length - 1) * colWidth + 140,
      height: Math.max(height, ...[...position.values()].map((p) => p.y + p.h + 10)),
      position,
      links,
    };
  });

  return (
    <figure class="flow-diagram">
      {/* Wider than a phone: the scroller takes focus so the keyboard can scroll it. */}
      <div class="table-scroll" tabindex="0" role="region" aria-label={t('results.flowScroll')}>
        <svg
          viewBox={`0 0 ${layout().width} ${layout().height}`}
          width={layout().width}
          role="img"
          aria-labelledby="flow-title"
        >
          <title id="flow-title">{t('results.flowTitle')}</title>
          <For each={layout().links}>
            {(link) => (
              <path d={link.d} class="flow-link" stroke-width={link.w} fill="none">
                <title>{`${props.label(link.from)} ${forward()} ${props.label(link.to)}: ${n(link.count)}`}</title>
              </path>
            )}
          </For>
          <For each={[...layout().position]}>
            {([id, p]) => (
              <g>
                <rect
                  x={p.x}
                  y={p.y}
                  width="10"
                  height={p.h}
                  class={id.startsWith('ending:') ? 'flow-node flow-ending' : 'flow-node'}
                />
                <text x={p.x + 14} y={p.y + Math.min(p.h, 14)} class="flow-label">
                  {truncate(props.label(id))}
                </text>
              </g>
            )}
          </For>
        </svg>
      </div>
      <details>
        <summary>{t('results.flowList')}</summary>
        <ul>
          <For each={props.flow}>
            {(f) => (
              <li>
                <bdi>{props.label(f.from)}</bdi> {forward()} <bdi>{props.label(f.to)}</bdi>: {n(f.count)}
              </li>
            )}
          </For>
        </ul>
      </details>
    </figure>
  );
}

const truncate = (text: string) => (text.length > 22 ? `${text.slice(0, 21)}…` : text);
