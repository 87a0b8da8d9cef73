// `npm run db:seed:local`: publish the shipped scenarios into the local D1 database (idempotent).
import { seedLocal, withLocalDb } from './lib/local';

for (const { file, outcome } of await withLocalDb(undefined, seedLocal)) console.log(`${file}: ${outcome}`);
