// `npm run bench`: every benchmark in turn; each prints its own figures.
const benches = [
  './engine.ts',
  './bundle-size.ts',
  './i18n-size.ts',
  './web-perf.ts',
  './graph-perf.ts',
  './profile.ts',
  './choice-load.ts',
  './dashboard.ts',
  './live-load.ts',
];
for (const bench of benches) await import(bench);
export {};
