// `npm run scenario:schema`: writes docs/scenario.schema.json from the zod schema (a test checks it is current).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../api/engine/validator';
import { root } from './lib/local';

const file = join(root, 'docs', 'scenario.schema.json');
writeFileSync(file, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`Wrote ${file}`);
