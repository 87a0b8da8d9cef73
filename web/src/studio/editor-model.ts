import { createMemo } from 'solid-js';
import { unwrap as unwrapStore } from 'solid-js/store';
import { END, SHARED } from '../../../api/engine';
import type { EditorOptions, EditorTab, Selection } from './context';
import type { DraftSession } from './draft';
import type { GraphMarks } from './graph';

/** Which tab and item a path into the scenario file belongs to. */
export function placeOf(path: string): { tab: EditorTab; selection?: Selection } {
  const item = /^(nodes|endings)\[(\d+)\]/.exec(path);
  if (item)
    return {
      tab: 'graph',
      selection: { kind: item[1] === 'nodes' ? 'node' : 'ending', index: Number(item[2]) },
    };
  if (path.startsWith('sides')) return { tab: 'sides' };
  if (path.startsWith('metrics') || path.startsWith('scoring')) return { tab: 'metrics' };
  if (path.startsWith('sources')) return { tab: 'sources' };
  if (path.startsWith('checks')) return { tab: 'questions' };
  return { tab: 'scenario' };
}

/** The pickers' choices, rebuilt with each check's layout rather than on every keystroke. */
export function createEditorOptions(session: DraftSession) {
  const s = session.scenario;
  return createMemo(
    (): EditorOptions => {
      session.layout();
      const raw = unwrapStore(s);
      const sides = raw.sides.map((x) => ({ value: x.id, label: x.label || x.id }));
      const nodes = raw.nodes.map((n) => ({ value: n.id, label: `${n.title} (${n.id})` }));
      return {
        nodes,
        sides,
        owners: [
          { value: SHARED, label: 'Both sides (shared)' },
          ...sides.map((x) => ({ value: x.value, label: `Only ${x.label}` })),
        ],
        targets: [
          ...nodes.map((n) => ({ value: n.value, label: `Node: ${n.label}` })),
          ...raw.endings.map((e) => ({ value: e.id, label: `Ending: ${e.title} (${e.id})` })),
          { value: END, label: 'END: the first ending whose condition holds' },
        ],
        metrics: raw.metrics.map((m) => ({ value: m.id, label: m.label || m.id })),
        choices: raw.nodes.flatMap((n) =>
          (n.choices ?? []).map((c) => ({ value: c.id, label: `${c.label} (${n.title})` })),
        ),
        sources: raw.sources.map((x) => ({ value: x.id, label: x.title || x.id })),
      };
      // Unchanged lists keep their identity, so a 1,000-entry picker is not rebuilt after every pause in typing.
    },
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
}

/** The graph's marks: how many problems each node or ending has, and the historical path. */
export function createGraphMarks(session: DraftSession) {
  const s = session.scenario;
  return createMemo((): GraphMarks => {
    const result = session.check();
    const raw = unwrapStore(s);
    const problemCounts = new Map<string, number>();
    for (const p of result?.problems ?? []) {
      const place = placeOf(p.path).selection;
      const id =
        p.at?.nodeId ??
        p.at?.endingId ??
        (place
          ? place.kind === 'node'
            ? raw.nodes[place.index]?.id
            : raw.endings[place.index]?.id
          : undefined);
      if (id) problemCounts.set(id, (problemCounts.get(id) ?? 0) + 1);
    }
    const historicalNodes = new Set<string>();
    const historicalEdges = new Set<string>();
    const history = result?.historical;
    if (history) {
      const ids = [...history.nodeIds, ...(history.endingId ? [history.endingId] : [])];
      ids.forEach((id, i) => {
        historicalNodes.add(id);
        const previous = ids[i - 1];
        if (!previous) return;
        historicalEdges.add(`${previous}→${id}`);
        // Runs reach most endings through the END junction.
        if (id === history.endingId) {
          historicalEdges.add(`${previous}→${END}`);
          historicalEdges.add(`${END}→${id}`);
          historicalNodes.add(END);
        }
      });
    }
    return { problems: problemCounts, historicalNodes, historicalEdges };
  });
}
