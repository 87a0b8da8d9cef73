import type { Next, Scenario, ScenarioNode } from '../schema';
import type { Problem } from './problems';

/** Every node's successors, ignoring conditions: nodes and endings (or END) a choice or event can lead to. */
function successors(node: ScenarioNode): string[] {
  const nexts: Next[] =
    node.side === null ? (node.next ? [node.next] : []) : (node.choices ?? []).map((c) => c.next);
  return nexts.flatMap((n) =>
    typeof n === 'string' ? [n] : [...n.branches.map((b) => b.goto), n.otherwise],
  );
}

/** Each node's position in a reverse postorder of a depth-first walk from the start (unreached nodes last). */
export function reversePostorder(scenario: Scenario): Map<string, number> {
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  const visited = new Set<string>();
  const postorder: string[] = [];
  const stack: { id: string; next: string[] }[] = [];
  const enter = (id: string) => {
    const node = nodes.get(id);
    if (!node || visited.has(id)) return;
    visited.add(id);
    stack.push({ id, next: successors(node) });
  };
  enter(scenario.start);
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    const child = top.next.shift();
    if (child === undefined) postorder.push(stack.pop()!.id);
    else enter(child);
  }
  const order = new Map<string, number>();
  postorder.reverse().forEach((id, i) => order.set(id, i));
  for (const node of scenario.nodes) if (!order.has(node.id)) order.set(node.id, order.size);
  return order;
}

/** Reachable nodes from which no ending can be reached even ignoring conditions: loops with no way out. */
export function findTraps(
  scenario: Scenario,
  nodeIndex: Map<string, number>,
  reachable: ReadonlySet<string>,
  problems: Problem[],
) {
  const predecessors = new Map<string, string[]>();
  const canFinish = new Set<string>();
  const queue: string[] = [];
  for (const node of scenario.nodes) {
    for (const target of successors(node)) {
      if (!nodeIndex.has(target)) {
        if (!canFinish.has(node.id)) (canFinish.add(node.id), queue.push(node.id));
      } else predecessors.set(target, [...(predecessors.get(target) ?? []), node.id]);
    }
  }
  while (queue.length > 0) {
    for (const p of predecessors.get(queue.pop()!) ?? [])
      if (!canFinish.has(p)) (canFinish.add(p), queue.push(p));
  }
  scenario.nodes.forEach((node, i) => {
    const hasWayOn = successors(node).length > 0;
    if (reachable.has(node.id) && hasWayOn && !canFinish.has(node.id))
      problems.push({
        path: `nodes[${i}]`,
        rule: 'endless-loop',
        message: `From "${node.title}" no path leads to an ending: runs loop forever.`,
        at: { nodeId: node.id },
      });
  });
}
