// `npm run scenarios:publish -- <url> [file...]`: publish scenario files to a running Crisis Desk (a deploy, say)
// through its import route, as an admin or instructor given by CRISIS_DESK_EMAIL and CRISIS_DESK_PASSWORD.
// D1 caps one SQL statement at 100 KB, so big scenario files cannot go in with `wrangler d1 execute`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/local';

const [url, ...files] = process.argv.slice(2);
const email = process.env.CRISIS_DESK_EMAIL;
const password = process.env.CRISIS_DESK_PASSWORD;
if (!url || !email || !password) {
  console.error(
    'Usage: CRISIS_DESK_EMAIL=… CRISIS_DESK_PASSWORD=… npm run scenarios:publish -- <url> [scenario.json…]',
  );
  process.exit(2);
}
const origin = new URL(url).origin;
const paths =
  files.length > 0
    ? files
    : readdirSync(join(root, 'scenarios'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(root, 'scenarios', f));

const signIn = await fetch(`${origin}/api/auth/signin`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: origin },
  body: JSON.stringify({ email, password }),
});
if (!signIn.ok) {
  console.error(`Sign-in failed (${signIn.status}): ${await signIn.text()}`);
  process.exit(1);
}
const cookie = signIn.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

let failed = 0;
for (const path of paths) {
  const response = await fetch(`${origin}/api/scenarios/import?visibility=public`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie },
    body: readFileSync(path, 'utf8'),
  });
  const body = (await response.json()) as {
    slug?: string;
    version?: number;
    outcome?: string;
    error?: { message: string; details?: { path: string; message: string }[] };
  };
  if (response.ok) console.log(`${path}: ${body.outcome} (${body.slug} v${body.version})`);
  else {
    failed++;
    console.log(`${path}: ${body.error?.message}`);
    for (const problem of body.error?.details ?? []) console.log(`  ${problem.path}: ${problem.message}`);
  }
}
process.exit(failed ? 1 : 0);
