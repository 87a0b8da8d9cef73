// Requests per second and p50/p99 latency of the choice endpoint under concurrent load on local workerd,
// beside a bare route on the same Worker (GET /api/auth/me without a session: all middleware, no query).
// Aims, as ratios in the same run: the choice endpoint at least half the bare route's throughput, its p99 under 3× the bare route's.
import { startThrowawayServer } from '../scripts/lib/test-server';
import { printTable } from './table';

const CONCURRENCY = 16;
const SECONDS = 6;

type Sample = { count: number; latencies: number[]; errors: number; seconds: number };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function load(
  worker: (timed: <T>(fn: () => Promise<T>) => Promise<T>) => Promise<void>,
): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const timed = async <T>(fn: () => Promise<T>) => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      latencies.push(performance.now() - t);
    }
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        try {
          await worker(timed);
        } catch {
          errors++;
        }
      }
    }),
  );
  return {
    count: latencies.length,
    latencies: latencies.sort((a, b) => a - b),
    errors,
    seconds: (performance.now() - started) / 1000,
  };
}

const server = await startThrowawayServer();
try {
  const headers = { 'Content-Type': 'application/json', Origin: server.url };
  const bare = await load(async (timed) => {
    const response = await timed(() => fetch(`${server.url}/api/auth/me`));
    if (!response.ok) throw new Error(String(response.status));
    await response.arrayBuffer();
  });

  // Each virtual player is a guest playing the flagship; starting a run is not timed, each choice is.
  const choice = await load(async (timed) => {
    const started = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ scenario: 'strikes-across-the-border', side: 'islamabad' }),
    });
    const cookie = started.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    let { run, view } = (await started.json()) as {
      run: { id: string };
      view: { step: number; status: string; decision: { choices: { id: string }[] } };
    };
    while (view.status === 'deciding' && Date.now() < Date.now() + 60_000) {
      const body = JSON.stringify({
        step: view.step,
        choiceId: view.decision.choices[view.step % view.decision.choices.length]!.id,
      });
      const response = await timed(() =>
        fetch(`${server.url}/api/runs/${run.id}/choices`, {
          method: 'POST',
          headers: { ...headers, Cookie: cookie },
          body,
        }),
      );
      if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
      ({ run, view } = (await response.json()) as typeof started extends never
        ? never
        : { run: typeof run; view: typeof view });
    }
  });

  const row = (name: string, s: Sample) => [
    name,
    (s.count / s.seconds).toFixed(0),
    `${percentile(s.latencies, 50).toFixed(1)} ms`,
    `${percentile(s.latencies, 99).toFixed(1)} ms`,
    String(s.errors),
  ];
  printTable(
    `HTTP load on local workerd (${CONCURRENCY} concurrent clients, ${SECONDS} s each)`,
    ['route', 'req/s', 'p50', 'p99', 'errors'],
    [
      row('GET /api/auth/me (bare route)', bare),
      row('POST /api/runs/:id/choices', choice),
      [
        'choice ÷ bare',
        `${(choice.count / choice.seconds / (bare.count / bare.seconds)).toFixed(2)}×`,
        '',
        `${(percentile(choice.latencies, 99) / percentile(bare.latencies, 99)).toFixed(2)}×`,
        '',
      ],
    ],
  );
} finally {
  await server.stop();
}
