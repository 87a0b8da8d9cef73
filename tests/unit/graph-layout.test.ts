import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../bench/generated-scenario';
import { layoutGraph, NODE_WIDTH, visiblePart } from '../../web/src/studio/graph-layout';
import { fixtureScenario } from '../fixtures/scenarios';

describe('layoutGraph', () => {
  it('puts each node in a column right of every node that leads to it, with endings behind the END junction', () => {
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
    expect(layout.edges.every((e) => layout.nodes.includes(e.from) && layout.nodes.includes(e.to))).toBe(
      true,
    );
  });

  it('puts a detour between the node it leaves and the node it rejoins, and draws loops back as back edges', () => {
    const draft = fixtureScenario();
    // a1 → b1 directly, or a1 → detour → b1; and b1 can send the run back to a1.
    draft.nodes.push({ id: 'detour', side: null, title: 'Detour', body: '', sources: [], next: 'b1' });
    draft.nodes.find((n) => n.id === 'a1')!.choices![1]!.next = 'detour';
    draft.nodes.find((n) => n.id === 'b1')!.choices![0]!.next = 'a1';
    const layout = layoutGraph(draft);
    const column = (id: string) => layout.byId.get(id)!.layer;
    expect([column('a1'), column('detour'), column('b1')]).toEqual([1, 2, 3]);
    expect(column('END')).toBeGreaterThan(column('b1'));
    // Every edge but the one back to a1 goes rightwards.
    const leftwards = layout.edges
      .filter((e) => e.to.layer <= e.from.layer)
      .map((e) => `${e.from.id}→${e.to.id}`);
    expect(leftwards).toEqual(['b1→a1']);
  });

  it('lays out an unfinished draft: missing targets are skipped, unreached nodes still get a place', () => {
    const draft = fixtureScenario();
    draft.nodes.push({
      id: 'orphan',
      side: 'alpha',
      title: 'Orphan',
      body: '',
      sources: [],
      choices: [{ id: 'o1', label: 'Go', feedback: '', next: 'nowhere' }],
    });
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
