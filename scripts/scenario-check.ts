// `npm run scenario:check -- <file>...`: the validator from the command line, for authors who write files by hand,
// with the exact walk that proves every guarded text on every reachable state (slow on a large file: minutes).
import { readFileSync } from 'node:fs';
import { parseScenarioText, validateScenario, type Problem } from '../api/engine/validator';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('Usage: npm run scenario:check -- <scenario.json>...');
  process.exit(2);
}

let problemCount = 0;
for (const file of files) {
  let problems: Problem[];
  let warnings: Problem[] = [];
  try {
    const parsed = parseScenarioText(readFileSync(file, 'utf8'));
    // The exact walk: every guarded text is proven on every reachable state of every playable side.
    const result = parsed.ok ? validateScenario(parsed.value, { exact: true }) : null;
    problems = result ? result.problems : [parsed.ok ? [] : parsed.problem].flat();
    warnings = result?.warnings ?? [];
  } catch (error) {
    problems = [
      {
        path: '',
        rule: 'json',
        message: `Cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      },
    ];
  }
  for (const problem of problems) console.log(`${file}: ${problem.path || '(file)'}: ${problem.message}`);
  for (const w of warnings) console.log(`${file}: warning: ${w.path || '(file)'}: ${w.message}`);
  problemCount += problems.length;
}

if (problemCount > 0) {
  console.log(`\n${problemCount} problem(s) in ${files.length} file(s).`);
  process.exit(1);
}
console.log(`${files.length} scenario file(s) checked: no problems.`);
