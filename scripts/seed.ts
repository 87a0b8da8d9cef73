// `npm run db:seed:local`: publish the shipped scenarios into the local D1 database (idempotent).
import { seedLocal } from './lib/local';

console.log(`Seeded ${seedLocal()} scenario file(s).`);
