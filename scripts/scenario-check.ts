// `npm run scenario:check -- <file>...`: the validator from the command line, for authors who write files by hand.
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
  try {
    const parsed = parseScenarioText(readFileSync(file, 'utf8'));
    problems = parsed.ok ? validateScenario(parsed.value).problems : [parsed.problem];
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
  problemCount += problems.length;
}

if (problemCount > 0) {
  console.log(`\n${problemCount} problem(s) in ${files.length} file(s).`);
  process.exit(1);
}
console.log(`${files.length} scenario file(s) checked: no problems.`);
