import type { Condition, Next, Scenario } from '../../../api/engine';

export type IdKind = 'node' | 'ending' | 'choice' | 'side' | 'metric' | 'source';

/** Calls `visit` on every condition in the scenario, nested ones included. */
function eachCondition(scenario: Scenario, visit: (c: Condition) => void) {
  const walk = (c: Condition | undefined) => {
    if (!c) return;
    visit(c);
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
  };
  const walkNext = (next: Next | undefined) => {
    if (next && typeof next === 'object') next.branches?.forEach((b) => walk(b.when));
  };
  // Guards (`presumes`) and conditional fragments (`…If`) read the run too (format version 3).
  const walkFragments = (fragments: readonly { when: Condition }[] | undefined) =>
    fragments?.forEach((f) => walk(f.when));
  for (const node of scenario.nodes) {
    walkNext(node.next);
    walk(node.presumes);
    walkFragments(node.bodyIf);
    for (const choice of node.choices ?? []) {
      walkNext(choice.next);
      walk(choice.presumes);
      walkFragments(choice.feedbackIf);
    }
    if (node.counterpart?.policy === 'weighted')
      for (const w of node.counterpart.weights) w.adjust?.forEach((a) => walk(a.when));
  }
  for (const ending of scenario.endings) {
    walk(ending.when);
    walk(ending.presumes);
    walkFragments(ending.textIf);
    for (const debrief of Object.values(ending.debrief)) {
      walk(debrief.presumes);
      walkFragments(debrief.whatHappenedIf);
      walkFragments(debrief.analysisIf);
      debrief.pathNotes?.forEach((note) => typeof note !== 'string' && walk(note.when));
    }
  }
  for (const note of scenario.pathNotes ?? []) walk(note.when);
}

/** Renames a key of a record in place, keeping the order of its entries. */
export function renameKey(record: Record<string, unknown> | undefined, from: string, to: string) {
  if (!record || !(from in record)) return;
  const entries = Object.entries(record).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(record)) delete record[k];
  for (const [k, v] of entries) record[k] = v;
}

function retarget(next: Next | undefined, from: string, to: string): Next | undefined {
  if (next === undefined) return next;
  if (typeof next === 'string') return next === from ? to : next;
  for (const b of next.branches ?? []) if (b.goto === from) b.goto = to;
  if (next.otherwise === from) next.otherwise = to;
  return next;
}

/**
 * Changes every reference to an id when the item it names is renamed, in place, so renaming a node, choice,
 * side, indicator or source in the editor does not break the links to it. Nothing happens if the new id is
 * already used by another item of the same kind (the validator then reports the duplicate).
 * @returns whether references were updated
 */
export function renameReferences(scenario: Scenario, kind: IdKind, from: string, to: string): boolean {
  if (!from || !to || from === to) return false;
  const choiceIds = () => scenario.nodes.flatMap((n) => (n.choices ?? []).map((c) => c.id));
  const taken: Record<IdKind, () => string[]> = {
    node: () => [...scenario.nodes.map((n) => n.id), ...scenario.endings.map((e) => e.id)],
    ending: () => [...scenario.nodes.map((n) => n.id), ...scenario.endings.map((e) => e.id)],
    choice: choiceIds,
    side: () => scenario.sides.map((s) => s.id),
    metric: () => scenario.metrics.map((m) => m.id),
    source: () => scenario.sources.map((s) => s.id),
  };
  // The item itself already carries the new id; another one with it means a clash.
  if (taken[kind]().filter((id) => id === to).length > 1) return false;

  switch (kind) {
    case 'node':
    case 'ending':
      if (scenario.start === from) scenario.start = to;
      for (const node of scenario.nodes) {
        node.next = retarget(node.next, from, to);
        for (const choice of node.choices ?? []) choice.next = retarget(choice.next, from, to)!;
      }
      for (const check of scenario.checks ?? [])
        for (const p of check.placements) if (p.at === 'node' && p.node === from) p.node = to;
      break;
    case 'choice':
      for (const node of scenario.nodes) {
        if (node.timeLimit?.defaultChoice === from) node.timeLimit.defaultChoice = to;
        if (node.counterpart?.policy === 'weighted')
          for (const w of node.counterpart.weights) if (w.choice === from) w.choice = to;
      }
      eachCondition(scenario, (c) => {
        if ('chose' in c && c.chose === from) c.chose = to;
      });
      break;
    case 'side':
      for (const node of scenario.nodes) {
        if (node.side === from) node.side = to;
        renameKey(node.private, from, to);
      }
      for (const metric of scenario.metrics) if (metric.owner === from) metric.owner = to;
      renameKey(scenario.scoring, from, to);
      for (const ending of scenario.endings) renameKey(ending.debrief, from, to);
      break;
    case 'metric':
      for (const weights of Object.values(scenario.scoring)) renameKey(weights, from, to);
      for (const node of scenario.nodes)
        for (const choice of node.choices ?? []) renameKey(choice.effects?.metrics, from, to);
      eachCondition(scenario, (c) => {
        if ('metric' in c && c.metric === from) c.metric = to;
      });
      break;
    case 'source': {
      const refs = [
        ...scenario.nodes.flatMap((n) => [
          ...n.sources,
          ...(n.choices ?? []).flatMap((c) => c.sources ?? []),
        ]),
        ...scenario.endings.flatMap((e) => [
          ...e.sources,
          ...Object.values(e.debrief).flatMap((d) =>
            (d.pathNotes ?? []).flatMap((n) => (typeof n === 'string' ? [] : (n.sources ?? []))),
          ),
        ]),
        ...(scenario.pathNotes ?? []).flatMap((n) => n.sources ?? []),
        ...(scenario.checks ?? []).flatMap((c) => c.sources),
      ];
      for (const ref of refs) if (ref.source === from) ref.source = to;
      break;
    }
  }
  return true;
}
