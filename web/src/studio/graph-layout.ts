import { END, type Next, type Scenario } from '../../../api/engine';

type GraphNodeKind = 'decision' | 'event' | 'ending' | 'end';

export type GraphNode = {
  id: string;
  kind: GraphNodeKind;
  /** The deciding side, or null for events, endings and the END junction. */
  side: string | null;
  title: string;
  /** Index into `scenario.nodes` or `scenario.endings`; -1 for the END junction. */
  index: number;
  layer: number;
  x: number;
  y: number;
};

export type GraphEdge = { from: GraphNode; to: GraphNode; label: string };

export type GraphLayout = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  byId: Map<string, GraphNode>;
  /** Edges in and out of each node, so a selected node's edges are found without a scan. */
  edgesOf: Map<GraphNode, GraphEdge[]>;
  width: number;
  height: number;
};

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 56;
const COLUMN = 240;
const ROW = 76;

/** Every target a `next` can lead to, with a short label for the edge. */
function nextTargets(next: Next | undefined, label: string): { to: string; label: string }[] {
  if (next === undefined || next === null) return [];
  if (typeof next === 'string') return next ? [{ to: next, label }] : [];
  const branches = Array.isArray(next.branches) ? next.branches : [];
  return [
    ...branches.filter((b) => b?.goto).map((b) => ({ to: b.goto, label: `${label} (if…)` })),
    ...(next.otherwise ? [{ to: next.otherwise, label: `${label} (otherwise)` }] : []),
  ];
}

/**
 * A layered left-to-right layout (a light Sugiyama): loops back are set aside, and each node's column is one past
 * the furthest of the nodes leading to it (longest path), so a run reads left to right and a detour sits between
 * the nodes it leaves and rejoins; within a column, nodes sit near the mean row of their predecessors. Tolerates
 * unfinished drafts: missing targets are skipped, nodes no run reaches get columns of their own from 0.
 */
export function layoutGraph(scenario: Scenario): GraphLayout {
  const nodes: GraphNode[] = [];
  const byId = new Map<string, GraphNode>();
  const add = (node: GraphNode) => {
    if (byId.has(node.id)) return;
    byId.set(node.id, node);
    nodes.push(node);
  };
  (scenario.nodes ?? []).forEach((n, index) =>
    add({
      id: n.id,
      kind: n.side ? 'decision' : 'event',
      side: n.side ?? null,
      title: n.title,
      index,
      layer: -1,
      x: 0,
      y: 0,
    }),
  );
  const endingNodes = (scenario.endings ?? []).map((e, index) => ({
    id: e.id,
    kind: 'ending' as const,
    side: null,
    title: e.title,
    index,
    layer: -1,
    x: 0,
    y: 0,
  }));
  endingNodes.forEach(add);

  const outgoing = new Map<GraphNode, { to: string; label: string }[]>();
  let endJunction: GraphNode | undefined;
  (scenario.nodes ?? []).forEach((n) => {
    const from = byId.get(n.id)!;
    const targets = [
      ...(n.choices ?? []).flatMap((c) => nextTargets(c.next, c.label || c.id)),
      ...nextTargets(n.next, 'then'),
    ];
    if (targets.some((t) => t.to === END) && !endJunction) {
      endJunction = {
        id: END,
        kind: 'end',
        side: null,
        title: 'END: the first ending whose condition holds',
        index: -1,
        layer: -1,
        x: 0,
        y: 0,
      };
      add(endJunction);
    }
    outgoing.set(from, [...(outgoing.get(from) ?? []), ...targets]);
  });
  if (endJunction)
    outgoing.set(
      endJunction,
      endingNodes.filter((e) => byId.get(e.id) === e).map((e) => ({ to: e.id, label: 'ending' })),
    );

  const edges: GraphEdge[] = [];
  const edgesOf = new Map<GraphNode, GraphEdge[]>(nodes.map((n) => [n, []]));
  for (const [from, targets] of outgoing) {
    for (const target of targets) {
      const to = byId.get(target.to);
      if (!to) continue;
      const edge = { from, to, label: target.label };
      edges.push(edge);
      edgesOf.get(from)!.push(edge);
      if (to !== from) edgesOf.get(to)!.push(edge);
    }
  }

  // Loops are found by a depth-first walk from the start (then from each node not yet reached): an edge to a node
  // still on the walk's path goes back. The other edges have no cycle; in reverse finishing order every node comes
  // after all the nodes that lead to it.
  const state = new Map<GraphNode, 'open' | 'done'>();
  const back = new Set<GraphEdge>();
  const finished: GraphNode[] = [];
  const roots = [byId.get(scenario.start), ...nodes].filter((n): n is GraphNode => n !== undefined);
  for (const root of roots) {
    if (state.has(root)) continue;
    state.set(root, 'open');
    const stack: { node: GraphNode; next: number }[] = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const edge = edgesOf.get(top.node)![top.next++];
      if (!edge) {
        state.set(top.node, 'done');
        finished.push(top.node);
        stack.pop();
      } else if (edge.from === top.node) {
        const seen = state.get(edge.to);
        if (seen === 'open') back.add(edge);
        else if (!seen) {
          state.set(edge.to, 'open');
          stack.push({ node: edge.to, next: 0 });
        }
      }
    }
  }
  // Columns: the longest path to each node over the edges that go forward.
  for (const node of nodes) node.layer = 0;
  for (const node of finished.reverse()) {
    for (const edge of edgesOf.get(node)!) {
      if (edge.from === node && !back.has(edge)) edge.to.layer = Math.max(edge.to.layer, node.layer + 1);
    }
  }

  const columns: GraphNode[][] = [];
  for (const node of nodes) (columns[node.layer] ??= []).push(node);
  const row = new Map<GraphNode, number>();
  columns.forEach((column, layer) => {
    if (layer > 0) {
      const barycenter = (node: GraphNode) => {
        const rows = edgesOf
          .get(node)!
          .filter((e) => e.to === node && e.from.layer < layer)
          .map((e) => row.get(e.from) ?? 0);
        return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.MAX_SAFE_INTEGER;
      };
      const keys = new Map(column.map((n) => [n, barycenter(n)]));
      column.sort((a, b) => keys.get(a)! - keys.get(b)!);
    }
    column.forEach((node, i) => {
      row.set(node, i);
      node.x = layer * COLUMN + 20;
      node.y = i * ROW + 20;
    });
  });
  const tallest = Math.max(0, ...columns.map((c) => c?.length ?? 0));
  return { nodes, edges, byId, edgesOf, width: columns.length * COLUMN + 40, height: tallest * ROW + 40 };
}

export type Viewport = { x: number; y: number; width: number; height: number; zoom: number };

/**
 * What to draw for a viewport: the nodes inside it (with a margin), the edges touching them, and every edge of
 * the selected node however far it reaches. Everything else stays out of the DOM, so a 1,000-node scenario
 * draws as fast as a small one.
 */
export function visiblePart(layout: GraphLayout, view: Viewport, selected: GraphNode | undefined) {
  const margin = 80;
  const left = view.x - margin;
  const top = view.y - margin;
  const right = view.x + view.width / view.zoom + margin;
  const bottom = view.y + view.height / view.zoom + margin;
  const inView = (n: GraphNode) =>
    n.x + NODE_WIDTH >= left && n.x <= right && n.y + NODE_HEIGHT >= top && n.y <= bottom;
  const nodes = layout.nodes.filter(inView);
  const shown = new Set(nodes);
  const edges = new Set<GraphEdge>();
  for (const node of nodes) for (const edge of layout.edgesOf.get(node)!) edges.add(edge);
  if (selected) {
    for (const edge of layout.edgesOf.get(selected) ?? []) {
      edges.add(edge);
      // The far end of a selected node's edge is drawn too, so the edge visibly lands somewhere.
      shown.add(edge.from);
      shown.add(edge.to);
    }
  }
  return { nodes: [...shown], edges: [...edges] };
}
