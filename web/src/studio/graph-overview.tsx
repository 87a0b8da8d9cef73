import { createEffect, createMemo } from 'solid-js';
import { NODE_HEIGHT, NODE_WIDTH, type GraphLayout, type GraphNode, type Viewport } from './graph-layout';

const MAX_WIDTH = 200;
const MAX_HEIGHT = 90;
// Small graphs are not blown up past this.
const MAX_SCALE = 0.1;
const HISTORICAL = '#b8860b';
const PROBLEM = '#b42318';

/**
 * The whole graph in miniature, in a corner of the canvas: every node as a dot in its colour (problems in red, the
 * historical path in gold) and the part in view as a frame. Pressing or dragging on it moves the view there. One
 * canvas redrawn only when the layout or the marks change, so it costs nothing while panning a 1,000-node graph.
 * Pointer only: keyboard users pan with the arrow keys and reach any node from the node list or a problem link.
 */
export function GraphOverview(props: {
  layout: GraphLayout;
  view: Viewport;
  fill: (node: GraphNode) => string;
  problems: Map<string, number>;
  historicalNodes: Set<string>;
  /** Centres the view on this point of the graph. */
  onCentre: (x: number, y: number) => void;
}) {
  let canvas!: HTMLCanvasElement;
  // Each axis is scaled on its own, so a long chain of decisions still shows its few rows (a minimap may stretch).
  // Memos, so that panning (a new view each frame) redraws the frame alone, not the canvas.
  const room = createMemo(() => Math.min(MAX_WIDTH, props.view.width * 0.4));
  const scale = createMemo(() => ({
    x: Math.min(MAX_SCALE, room() / props.layout.width),
    y: Math.min(MAX_SCALE, MAX_HEIGHT / props.layout.height),
  }));

  createEffect(() => {
    const k = scale();
    const ratio = window.devicePixelRatio || 1;
    const width = Math.ceil(props.layout.width * k.x);
    const height = Math.ceil(props.layout.height * k.y);
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const context = canvas.getContext('2d');
    if (!context) return;
    context.scale(ratio, ratio);
    const w = Math.max(1.5, NODE_WIDTH * k.x);
    const h = Math.max(1.5, NODE_HEIGHT * k.y);
    for (const node of props.layout.nodes) {
      context.fillStyle = props.problems.has(node.id)
        ? PROBLEM
        : props.historicalNodes.has(node.id)
          ? HISTORICAL
          : props.fill(node);
      context.fillRect(node.x * k.x, node.y * k.y, w, h);
    }
  });

  const frame = () => {
    const k = scale();
    const v = props.view;
    return {
      left: `${v.x * k.x}px`,
      top: `${v.y * k.y}px`,
      width: `${(v.width / v.zoom) * k.x}px`,
      height: `${(v.height / v.zoom) * k.y}px`,
    };
  };
  const centreOn = (e: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    const k = scale();
    props.onCentre((e.clientX - box.left) / k.x, (e.clientY - box.top) / k.y);
  };

  return (
    <div
      class="graph-overview"
      aria-hidden="true"
      onPointerDown={(e) => {
        // The canvas underneath would start a drag of its own.
        e.stopPropagation();
        (e.currentTarget as Element).setPointerCapture(e.pointerId);
        centreOn(e);
      }}
      onPointerMove={(e) => e.buttons && centreOn(e)}
    >
      <canvas ref={canvas} />
      <div class="graph-overview-frame" style={frame()} />
    </div>
  );
}
