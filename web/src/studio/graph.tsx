import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  visiblePart,
  type GraphEdge,
  type GraphLayout,
  type GraphNode,
} from './graph-layout';
import { GraphOverview } from './graph-overview';

/** Distinct, colour-blind-safe hues for up to six sides (Okabe–Ito). */
const SIDE_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

export type GraphMarks = {
  /** Problems per node or ending id. */
  problems: Map<string, number>;
  /** Node and ending ids on the path history took, and its edges as "from→to". */
  historicalNodes: Set<string>;
  historicalEdges: Set<string>;
};

const edgeKey = (e: GraphEdge) => `${e.from.id}→${e.to.id}`;
const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

// SVG text does not wrap or clip: titles are cut to the box's width as measured in the font they are drawn in.
const TEXT_WIDTH = NODE_WIDTH - 16 - 22;
const fitted = new Map<string, string>();
let measure: CanvasRenderingContext2D | null | undefined;
function fitTitle(text: string, font: string): string {
  const key = `${font}|${text}`;
  const known = fitted.get(key);
  if (known !== undefined) return known;
  measure ??= document.createElement('canvas').getContext('2d');
  let out = shorten(text, 24);
  if (measure) {
    measure.font = font;
    out = text;
    if (measure.measureText(out).width > TEXT_WIDTH) {
      while (out.length > 1 && measure.measureText(`${out}…`).width > TEXT_WIDTH) out = out.slice(0, -1);
      out = `${out.trimEnd()}…`;
    }
  }
  if (fitted.size > 5000) fitted.clear();
  fitted.set(key, out);
  return out;
}
/** As .graph-title draws it (styles.css). */
const TITLE_FONT = "600 13px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
/** The least zoom the first view uses to fit the graph: below it titles are too small to read. */
const FIT_MIN_ZOOM = 0.5;

/**
 * The scenario as a graph, drawn in SVG but only for what is in view (plus every edge of the selected node),
 * so panning a 1,000-node scenario stays smooth. Drag or use the arrow keys to pan, +/− to zoom; click a node
 * (or press Enter on it) to edit it.
 */
export function ScenarioGraph(props: {
  layout: GraphLayout;
  marks: GraphMarks;
  sides: { id: string; label: string }[];
  selectedId: string | null;
  /** `byKeyboard`: chosen with Enter or Space, so focus should move on to the node's form. */
  onSelect: (node: GraphNode, byKeyboard: boolean) => void;
}) {
  let container!: HTMLDivElement;
  const [view, setView] = createSignal({ x: 0, y: 0, zoom: 1 });
  const [size, setSize] = createSignal({ width: 800, height: 420 });
  const colourOf = createMemo(
    () => new Map(props.sides.map((s, i) => [s.id, SIDE_COLOURS[i % SIDE_COLOURS.length]!])),
  );
  const selected = () => (props.selectedId ? props.layout.byId.get(props.selectedId) : undefined);
  const part = createMemo(() => visiblePart(props.layout, { ...view(), ...size() }, selected()));

  /** The whole graph in view if it fits at a readable size; otherwise as much of its start as does. */
  const fittedView = () => {
    const width = container?.clientWidth || size().width;
    const height = container?.clientHeight || size().height;
    const zoom = Math.min(
      1,
      Math.max(
        FIT_MIN_ZOOM,
        Math.min(width / (props.layout.width || 1), height / (props.layout.height || 1)),
      ),
    );
    return { x: 0, y: 0, zoom };
  };
  let fittedOnOpen = false;
  const fitOnOpen = () => {
    if (fittedOnOpen || container.clientWidth === 0 || props.layout.nodes.length === 0) return;
    fittedOnOpen = true;
    setView(fittedView());
  };
  // The layout may arrive after the view has its size, or before.
  createEffect(
    on(
      () => props.layout,
      () => container && fitOnOpen(),
    ),
  );
  onMount(() => {
    const observer = new ResizeObserver(() => {
      setSize({ width: container.clientWidth, height: container.clientHeight });
      // Fit on open, once the view has its real size; later the author's panning and zooming are left alone.
      fitOnOpen();
    });
    observer.observe(container);
    onCleanup(() => observer.disconnect());
  });

  // Time from the start of the layout to the first frame showing it (read by the benchmark).
  createEffect(
    on(
      () => props.layout,
      () => requestAnimationFrame(() => performance.measure('graph-draw', 'graph-layout-start')),
    ),
  );

  // A node selected elsewhere (the node list, a problem link) is brought into view.
  createEffect(
    on(
      () => props.selectedId,
      () => {
        const node = selected();
        if (!node) return;
        const v = view();
        const { width, height } = size();
        const inside =
          node.x >= v.x &&
          node.y >= v.y &&
          node.x + NODE_WIDTH <= v.x + width / v.zoom &&
          node.y + NODE_HEIGHT <= v.y + height / v.zoom;
        if (!inside)
          setView({
            ...v,
            x: node.x - width / v.zoom / 2 + NODE_WIDTH / 2,
            y: node.y - height / v.zoom / 2 + NODE_HEIGHT / 2,
          });
      },
    ),
  );

  /** Centres the view on a point, without leaving the graph out of sight when it is smaller than the view. */
  const centreOn = (x: number, y: number) =>
    setView((v) => {
      const centred = (at: number, span: number, extent: number) =>
        extent <= span ? 0 : Math.min(Math.max(at - span / 2, 0), extent - span);
      return {
        ...v,
        x: centred(x, size().width / v.zoom, props.layout.width),
        y: centred(y, size().height / v.zoom, props.layout.height),
      };
    });
  const panBy = (dx: number, dy: number) =>
    setView((v) => ({ ...v, x: v.x + dx / v.zoom, y: v.y + dy / v.zoom }));
  const zoomBy = (factor: number) =>
    setView((v) => {
      const zoom = Math.min(2, Math.max(0.2, v.zoom * factor));
      const { width, height } = size();
      // Zoom about the centre of the view.
      const cx = v.x + width / v.zoom / 2;
      const cy = v.y + height / v.zoom / 2;
      return { zoom, x: cx - width / zoom / 2, y: cy - height / zoom / 2 };
    });

  let drag: { x: number; y: number; moved: boolean } | null = null;
  const onPointerDown = (e: PointerEvent) => {
    if ((e.target as Element).closest('.graph-node')) return;
    drag = { x: e.clientX, y: e.clientY, moved: false };
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent) => {
    if (!drag) return;
    panBy(drag.x - e.clientX, drag.y - e.clientY);
    drag = { x: e.clientX, y: e.clientY, moved: true };
  };
  const onPointerUp = () => {
    drag = null;
  };
  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    if (e.ctrlKey) zoomBy(e.deltaY < 0 ? 1.1 : 1 / 1.1);
    else panBy(e.deltaX, e.deltaY);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = 80;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    if (e.target !== e.currentTarget) return;
    if (moves[e.key]) {
      e.preventDefault();
      panBy(...moves[e.key]!);
    } else if (e.key === '+' || e.key === '=') zoomBy(1.2);
    else if (e.key === '-') zoomBy(1 / 1.2);
  };

  const edgePath = (e: GraphEdge) => {
    if (e.to.x > e.from.x) {
      // Forward: right side to left side.
      const x1 = e.from.x + NODE_WIDTH;
      const y1 = e.from.y + NODE_HEIGHT / 2;
      const x2 = e.to.x;
      const y2 = e.to.y + NODE_HEIGHT / 2;
      const bend = Math.max(40, Math.abs(x2 - x1) / 2);
      return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
    }
    if (e.to === e.from) {
      const x = e.from.x + NODE_WIDTH / 2;
      return `M${x - 20},${e.from.y} C${x - 40},${e.from.y - 40} ${x + 40},${e.from.y - 40} ${x + 20},${e.from.y}`;
    }
    // Back or within a column (a loop): bottom or top edge to the facing edge, bulging to the side.
    const down = e.to.y > e.from.y;
    const x1 = e.from.x + NODE_WIDTH / 2;
    const y1 = e.from.y + (down ? NODE_HEIGHT : 0);
    const x2 = e.to.x + NODE_WIDTH / 2;
    const y2 = e.to.y + (down ? 0 : NODE_HEIGHT);
    const lift = down ? 50 : -50;
    return `M${x1},${y1} C${x1 - 60},${y1 + lift} ${x2 - 60},${y2 - lift} ${x2},${y2}`;
  };
  const fill = (n: GraphNode) =>
    n.kind === 'decision'
      ? (colourOf().get(n.side ?? '') ?? '#6b7280')
      : n.kind === 'event'
        ? '#9ca3af'
        : '#374151';
  const kindLabel = (n: GraphNode) =>
    n.kind === 'decision'
      ? `Decision for ${props.sides.find((s) => s.id === n.side)?.label ?? n.side}`
      : n.kind === 'event'
        ? 'Narrated event'
        : n.kind === 'ending'
          ? 'Ending'
          : 'End junction';
  const shownTitle = (n: GraphNode) => fitTitle(n.title || '(untitled)', TITLE_FONT);
  const shownId = (n: GraphNode) => shorten(n.id, 28);
  const badge = (count: number) => (count > 9 ? '9+' : String(count));
  // The accessible name starts with the text drawn on the node (as WCAG 2.5.3 asks), then says the rest.
  const nodeLabel = (n: GraphNode) => {
    const problems = props.marks.problems.get(n.id) ?? 0;
    const drawn = `${shownTitle(n)} ${shownId(n)}${problems ? ` ${badge(problems)}` : ''}`;
    return `${drawn}. ${kindLabel(n)}: ${n.title}${props.marks.historicalNodes.has(n.id) ? ', on the historical path' : ''}${problems ? `, ${problems} problem${problems > 1 ? 's' : ''}` : ''}`;
  };

  return (
    <div class="graph">
      <div class="graph-toolbar">
        <button type="button" class="small-button" aria-label="Zoom in" onClick={() => zoomBy(1.2)}>
          +
        </button>
        <button type="button" class="small-button" aria-label="Zoom out" onClick={() => zoomBy(1 / 1.2)}>
          −
        </button>
        <button type="button" class="small-button" onClick={() => setView(fittedView())}>
          Back to the start
        </button>
        <span class="hint graph-count" aria-live="polite">
          {props.layout.nodes.length} nodes and endings · {part().nodes.length} drawn
        </span>
      </div>
      <ul class="graph-legend" aria-label="Legend">
        <For each={props.sides}>
          {(s) => (
            <li>
              <span class="swatch" style={{ background: colourOf().get(s.id) }} /> {s.label} decides
            </li>
          )}
        </For>
        <li>
          <span class="swatch swatch-event" /> narrated event
        </li>
        <li>
          <span class="swatch swatch-ending" /> ending
        </li>
        <li>
          <span class="swatch swatch-historical" /> historical path
        </li>
        <li>
          <span class="swatch swatch-problem">!</span> problem
        </li>
      </ul>
      <div
        class="graph-canvas"
        ref={container}
        tabindex="0"
        role="group"
        aria-label="Scenario graph. Arrow keys pan, plus and minus zoom; Tab moves through the nodes in view."
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
      >
        <svg width={size().width} height={size().height} aria-hidden="false">
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="#8b8578" />
            </marker>
          </defs>
          <g transform={`scale(${view().zoom}) translate(${-view().x},${-view().y})`}>
            <For each={part().edges}>
              {(e) => (
                <path
                  d={edgePath(e)}
                  class="graph-edge"
                  classList={{
                    historical: props.marks.historicalEdges.has(edgeKey(e)),
                    selected: e.from === selected() || e.to === selected(),
                  }}
                  marker-end="url(#arrow)"
                />
              )}
            </For>
            <For each={part().nodes}>
              {(n) => (
                <g
                  class="graph-node"
                  classList={{
                    selected: n === selected(),
                    historical: props.marks.historicalNodes.has(n.id),
                    problem: props.marks.problems.has(n.id),
                  }}
                  transform={`translate(${n.x},${n.y})`}
                  role="button"
                  tabindex={n.kind === 'end' ? -1 : 0}
                  aria-label={nodeLabel(n)}
                  aria-pressed={n === selected()}
                  data-node-id={n.id}
                  onClick={() => n.kind !== 'end' && props.onSelect(n, false)}
                  onKeyDown={(e) => {
                    if ((e.key === 'Enter' || e.key === ' ') && n.kind !== 'end') {
                      e.preventDefault();
                      props.onSelect(n, true);
                    }
                  }}
                >
                  <rect
                    class="graph-box"
                    width={NODE_WIDTH}
                    height={NODE_HEIGHT}
                    rx={n.kind === 'ending' || n.kind === 'end' ? 28 : 8}
                  />
                  <rect class="graph-stripe" width={8} height={NODE_HEIGHT} rx={3} fill={fill(n)} />
                  <title>{n.title || '(untitled)'}</title>
                  <text>
                    <tspan x={16} y={22} class="graph-title">
                      {shownTitle(n)}
                    </tspan>{' '}
                    <tspan x={16} y={42} class="graph-id">
                      {shownId(n)}
                    </tspan>
                  </text>
                  <Show when={props.marks.problems.get(n.id)}>
                    {(count) => (
                      <g transform={`translate(${NODE_WIDTH - 14},0)`} class="graph-problem">
                        <circle r={11} />
                        <text text-anchor="middle" y={4}>
                          {badge(count())}
                        </text>
                      </g>
                    )}
                  </Show>
                </g>
              )}
            </For>
          </g>
        </svg>
        <Show when={props.layout.nodes.length > 0}>
          <GraphOverview
            layout={props.layout}
            view={{ ...view(), ...size() }}
            fill={fill}
            problems={props.marks.problems}
            historicalNodes={props.marks.historicalNodes}
            onCentre={centreOn}
          />
        </Show>
      </div>
    </div>
  );
}
