// Validation time of a generated 500-node scenario (aim: under 50 ms) and the cost of one `choose` (aim: under 0.1 ms).
import { choose, start, view, type RunState } from '../api/engine';
import { validateScenario } from '../api/engine/validator';
import { generateScenario } from './generated-scenario';
import { shippedScenarios } from '../tests/fixtures/shipped-scenarios';
import { printTable } from './table';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function timeIt(fn: () => void, runs: number): number {
  for (let i = 0; i < 3; i++) fn(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

const rows: string[][] = [];
for (const size of [100, 500, 1000]) {
  const scenario = generateScenario(size);
  const result = validateScenario(scenario);
  if (!result.ok)
    throw new Error(`generated scenario invalid: ${JSON.stringify(result.problems.slice(0, 3))}`);
  rows.push([
    `validate a generated ${scenario.nodes.length}-node scenario`,
    `${timeIt(() => validateScenario(scenario), 20).toFixed(2)} ms`,
  ]);
}
for (const { scenario } of shippedScenarios) {
  rows.push([
    `validate ${scenario.slug} (${scenario.nodes.length} nodes)`,
    `${timeIt(() => validateScenario(scenario), 20).toFixed(2)} ms`,
  ]);
}

// One choose: median over whole random playthroughs of the flagship, per call.
const flagship = shippedScenarios.find((s) => s.scenario.slug === 'strikes-across-the-border')!.scenario;
let calls = 0;
let total = 0;
for (let i = 0; i < 2_000; i++) {
  const begun = start(flagship, i % 2 ? 'tehran' : 'islamabad', `b${i}`);
  if (!begun.ok) throw new Error(begun.error.message);
  let state: RunState = begun.value;
  while (state.nodeId) {
    const choices = flagship.nodes.find((n) => n.id === state.nodeId)!.choices!;
    const pick = choices[(i + calls) % choices.length]!.id;
    const t = performance.now();
    const next = choose(state, pick);
    total += performance.now() - t;
    calls++;
    if (!next.ok) throw new Error(next.error.message);
    state = next.value;
  }
}
rows.push(['one choose() on the flagship (mean)', `${((total / calls) * 1000).toFixed(1)} µs`]);
const begun = start(flagship, 'tehran', 'v');
if (begun.ok)
  rows.push(['one view() on the flagship', `${(timeIt(() => view(begun.value), 200) * 1000).toFixed(1)} µs`]);
printTable('Scenario engine', ['measure', 'time'], rows);
