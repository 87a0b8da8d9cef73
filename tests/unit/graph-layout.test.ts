import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../bench/generated-scenario';
import { layoutGraph, NODE_WIDTH, visiblePart } from '../../web/src/studio/graph-layout';
import { fixtureScenario } from './fixture';

describe('layoutGraph', () => {
  it('puts each node one column right of where runs first reach it, with endings behind the END junction', () => {
    const layout = layoutGraph(fixtureScenario());
    const column = (id: string) => layout.byId.get(id)!.layer;
    expect(column('intro')).toBe(0);
    expect(column('a1')).toBe(1);
    expect(column('b1')).toBe(2);
    const end = layout.byId.get('END');
    expect(end?.kind).toBe('end');
    for (const ending of ['calm', 'standoff', 'spiral']) {
      expect(layout.byId.get(ending)?.kind).toBe('ending');
      expect(column(ending)).toBeGreaterThan(column('b1'));
    }
    // Every edge points at a node that exists; no two nodes share a place.
    const places = new Set(layout.nodes.map((n) => `${n.x},${n.y}`));
    expect(places.size).toBe(layout.nodes.length);
    expect(layout.edges.every((e) => layout.nodes.includes(e.from) && layout.nodes.includes(e.to))).toBe(true);
  });

  it('lays out an unfinished draft: missing targets are skipped, unreached nodes still get a place', () => {
    const draft = fixtureScenario();
    draft.nodes.push({ id: 'orphan', side: 'alpha', title: 'Orphan', body: '', sources: [], choices: [{ id: 'o1', label: 'Go', feedback: '', next: 'nowhere' }] });
    draft.start = 'missing';
    const layout = layoutGraph(draft);
    expect(layout.byId.get('orphan')!.layer).toBeGreaterThanOrEqual(0);
    expect(layout.edges.some((e) => e.from.id === 'orphan')).toBe(false);
  });
});

describe('visiblePart', () => {
  const big = layoutGraph(generateScenario(1_000));

  it('draws only the nodes in view of a 1,000-node graph, and the edges touching them', () => {
    expect(big.nodes.length).toBeGreaterThan(1_000);
    const part = visiblePart(big, { x: 0, y: 0, width: 1_000, height: 460, zoom: 1 }, undefined);
    expect(part.nodes.length).toBeGreaterThan(0);
    expect(part.nodes.length).toBeLessThan(40);
    expect(part.nodes.every((n) => n.x < 1_000 + 80 && n.x + NODE_WIDTH > -80)).toBe(true);
    expect(part.edges.every((e) => part.nodes.includes(e.from) || part.nodes.includes(e.to))).toBe(true);
  });

  it('draws every edge of the selected node in full, with the nodes at their far ends', () => {
    const selected = big.byId.get('END')!;
    const part = visiblePart(big, { x: 0, y: 0, width: 1_000, height: 460, zoom: 1 }, selected);
    const own = big.edgesOf.get(selected)!;
    expect(own.length).toBeGreaterThan(2);
    for (const edge of own) {
      expect(part.edges).toContain(edge);
      expect(part.nodes).toContain(edge.from);
      expect(part.nodes).toContain(edge.to);
    }
  });
});
