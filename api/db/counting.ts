/**
 * A D1 binding that counts what goes through it: statements prepared, round trips (each `first`/`all`/`run`/`raw`
 * or `batch` call is one trip to the database) and sequential ones (trips begun while no other was in flight: the
 * waits a request cannot overlap). In production every trip is a network hop to the database, so these counts, not
 * local milliseconds, are what the hot routes are held to (tests/api/round-trips.test.ts, `npm run bench`).
 */
export type D1Counts = { statements: number; trips: number; sequential: number; ms: number };

const TRIPS = new Set(['first', 'all', 'run', 'raw']);

/**
 * Wraps a binding; `counts` grows as requests use it.
 * @example const { d1, counts } = countingD1(env.DB); await app.request('/api/runs/x', {}, { ...env, DB: d1 });
 */
export function countingD1(d1: D1Database): { d1: D1Database; counts: D1Counts } {
  const counts: D1Counts = { statements: 0, trips: 0, sequential: 0, ms: 0 };
  let inFlight = 0;
  const trip = async <T>(send: () => Promise<T>): Promise<T> => {
    counts.trips++;
    if (inFlight === 0) counts.sequential++;
    inFlight++;
    const started = Date.now();
    try {
      return await send();
    } finally {
      inFlight--;
      counts.ms += Date.now() - started;
    }
  };
  const statement = (inner: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(inner, {
      get(target, property) {
        if (property === 'bind') return (...values: unknown[]) => statement(target.bind(...values));
        // Drizzle's batch hands the raw statement back to the binding: let it find the original.
        if (property === UNWRAP) return target;
        const value: unknown = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        const method = (value as (...args: unknown[]) => Promise<unknown>).bind(target);
        return TRIPS.has(String(property)) ? (...args: unknown[]) => trip(() => method(...args)) : method;
      },
    });
  const wrapped = new Proxy(d1, {
    get(target, property) {
      if (property === 'prepare')
        return (query: string) => {
          counts.statements++;
          return statement(target.prepare(query));
        };
      if (property === 'batch')
        return (statements: D1PreparedStatement[]) => trip(() => target.batch(statements.map(unwrap)));
      if (property === 'withSession')
        return (constraint?: string) => {
          const session = target.withSession(constraint);
          return {
            prepare: (query: string) => {
              counts.statements++;
              return statement(session.prepare(query));
            },
            batch: (statements: D1PreparedStatement[]) => trip(() => session.batch(statements.map(unwrap))),
            getBookmark: () => session.getBookmark(),
          } satisfies D1DatabaseSession;
        };
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { d1: wrapped, counts };
}

const UNWRAP = Symbol('unwrap');
const unwrap = (s: D1PreparedStatement) =>
  (s as unknown as Record<symbol, D1PreparedStatement | undefined>)[UNWRAP] ?? s;
