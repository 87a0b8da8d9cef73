// `npm run scenario:report -- [--runs N] <file>...`: how a scenario plays under random and history-copying
// players, for authors balancing endings, scores and counterpart policies (logic in api/engine/report.ts), after
// the exact walk's shares, per-decision mean effects, dominated choices and flat decisions.
import { readFileSync } from 'node:fs';
import { exactReport, formatExactReport, formatReport, scenarioReport } from '../api/engine';
import { parseScenarioText, validateScenario } from '../api/engine/validator';

const args = process.argv.slice(2);
let runs = 500;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else files.push(args[i]!);
}
if (files.length === 0 || !Number.isInteger(runs) || runs < 1) {
  console.error('Usage: npm run scenario:report -- [--runs N] <scenario.json>...');
  process.exit(2);
}

let failed = false;
for (const [i, file] of files.entries()) {
  if (i > 0) console.log('\n');
  const parsed = parseScenarioText(readFileSync(file, 'utf8'));
  const result = parsed.ok ? validateScenario(parsed.value) : null;
  const problems = parsed.ok ? result!.problems : [parsed.problem];
  // Problems such as an unreachable ending do not stop a simulation, so a draft still gets its report;
  // a file that does not parse, or that the engine cannot play, does not.
  if (problems.length > 0) {
    console.log(`${file}: ${problems.length} problem(s) (npm run scenario:check lists them):`);
    for (const p of problems) console.log(`  ${p.path || '(file)'}: ${p.message}`);
    console.log('');
  }
  if (!result?.scenario) {
    failed = true;
    continue;
  }
  try {
    // Exact first (every state, no sampling); then the sampled runs, which also find the best single path.
    console.log(formatExactReport(result.scenario, exactReport(result.scenario)));
    console.log('');
    console.log(formatReport(scenarioReport(result.scenario, runs)));
  } catch (error) {
    failed = true;
    console.log(`${file}: the engine cannot play it: ${(error as Error).message}`);
  }
}
process.exit(failed ? 1 : 0);
