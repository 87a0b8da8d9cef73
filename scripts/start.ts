// `npm start`: migrate and seed the local D1 database, build, and serve the app on workerd.
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import { migrateLocal, run, seedLocal, root } from './lib/local';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

const port = Number(process.env.PORT ?? 8787);

console.log('› Applying local D1 migrations');
migrateLocal();
console.log('› Seeding the shipped scenarios and the demo accounts');
const seeded = await seedLocal();
for (const { file, outcome } of seeded) console.log(`  ${file}: ${outcome}`);
console.log('› Building the web app and the Worker');
run(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn']);

const server = spawn(
  join(root, 'node_modules', '.bin', 'vite'),
  ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
  { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] },
);
let announced = false;
server.stdout.on('data', (chunk: Buffer) => {
  if (announced) return process.stdout.write(chunk);
  if (!chunk.toString().includes('Local')) return;
  announced = true;
  console.log(`
  Crisis Desk is running at http://127.0.0.1:${port}
  Demo logins (password: ${DEMO_PASSWORD}):
${DEMO_ACCOUNTS.map((a) => `    ${a.role.padEnd(10)} ${a.email}`).join('\n')}
  Or play as a guest without an account.
  Press Ctrl+C to stop.
`);
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
