// `npm start`: migrate the local D1 database, build, serve the app on workerd, seed it, and say where it is.
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import { ensureDevVars } from './lib/dev-vars';
import { build, migrateLocal, seedLocal, serveBuild } from './lib/local';

const port = Number(process.env.PORT ?? 8787);

// Development settings (.dev.vars, git-ignored), written on a fresh clone before anything reads them.
ensureDevVars();
const applied = migrateLocal();
console.log(
  applied.length
    ? `› Applied ${applied.length} D1 migrations: ${applied.join(', ')}`
    : '› Local D1 schema up to date',
);
console.log('› Building the web app and the Worker');
build();
const server = await serveBuild({
  port,
  // The Worker's own log: one JSON line per request, errors on stderr.
  onLog: ({ level, message }) =>
    level === 'error' || level === 'warn' ? console.error(message) : console.log(message),
}).catch((error: { code?: string }) => {
  if (error.code !== 'ERR_ADDRESS_IN_USE') throw error;
  console.error(
    `Port ${port} is in use (another npm start?): stop that server or choose another port, e.g. PORT=${port + 1} npm start`,
  );
  process.exit(1);
});
const seeded = await seedLocal(server.d1);
console.log(`› Seeded: ${seeded.map(({ file, outcome }) => `${file} (${outcome})`).join(', ')}`);
console.log(`
  Crisis Desk is running at ${server.url}
  Demo logins (password: ${DEMO_PASSWORD}):
${DEMO_ACCOUNTS.map((a) => `    ${a.role.padEnd(10)} ${a.email}`).join('\n')}
  Or play as a guest without an account.
  Press Ctrl+C to stop.
`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.dispose().finally(() => process.exit(0)));
}
