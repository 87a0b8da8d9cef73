import { createSignal, For, onCleanup, Show } from 'solid-js';
import type { ScenarioReport } from '../../../api/engine';
import type { ReportReply, ReportRequest } from './report-worker';

const RUNS = 200;
const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * The play-test report in the studio's checks panel: the same figures as `npm run scenario:report`, on the draft,
 * run on request (it simulates hundreds of runs, too much to repeat after every keystroke).
 */
export function PlayReport(props: { scenario: () => unknown }) {
  const [report, setReport] = createSignal<ScenarioReport | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [running, setRunning] = createSignal(false);
  let worker: Worker | undefined;
  let latest = 0;
  onCleanup(() => worker?.terminate());
  const run = () => {
    worker ??= new Worker(new URL('./report-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<ReportReply>) => {
      if (event.data.id !== latest) return;
      setReport(event.data.report);
      setError(event.data.error);
      setRunning(false);
    };
    worker.onerror = () => {
      setError('The play-test stopped working; reload the page to try again.');
      setRunning(false);
    };
    setRunning(true);
    worker.postMessage({ id: ++latest, scenario: props.scenario(), runs: RUNS } satisfies ReportRequest);
  };
  return (
    <section class="play-report" aria-labelledby="play-report-heading">
      <h3 id="play-report-heading">Play-test</h3>
      <p class="hint">
        {RUNS} runs per side by a random player and {RUNS} by one who always takes the historical choice, as{' '}
        <code>npm run scenario:report</code> does. How to read it: docs/scenarios.md.
      </p>
      <button type="button" class="small-button" disabled={running()} onClick={run}>
        {report() ? 'Play-test the draft again' : 'Play-test the draft'}
      </button>
      <p class="hint" aria-live="polite">
        {running() ? 'Playing…' : ''}
      </p>
      <Show when={error()}>{(message) => <p class="notice notice-error">{message()}</p>}</Show>
      <Show when={!running() && report()}>
        {(r) => (
          <For each={r().sides}>
            {(side) => (
              <div class="play-report-side">
                <h4>Playing {side.label}</h4>
                <table class="data-table">
                  <caption class="visually-hidden">Where runs as {side.label} end</caption>
                  <thead>
                    <tr>
                      <th scope="col">Ending</th>
                      <th scope="col">Random</th>
                      <th scope="col">Copying history</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={side.endings}>
                      {(e) => (
                        <tr>
                          <th scope="row">
                            {e.title}
                            {e.historical && <span class="tag">historical</span>}
                          </th>
                          <td>{pct(e.random)}</td>
                          <td>{pct(e.history)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
                <ul class="play-report-facts">
                  <li>
                    Scores, random play: {side.random.min} to {side.random.max} (median {side.random.median}).
                  </li>
                  <li>
                    The historical path scores {side.historicalPath.score}: rank {side.historicalPath.rank} of{' '}
                    {side.runs + 1}, above {pct(side.historicalPath.above)} of random runs.
                  </li>
                  <li>
                    Best found: {side.best.score}, by {side.best.labels.join(' → ')}.
                  </li>
                  <li>
                    The counterpart leaves history in {pct(side.deviationRate)} of history-copying runs.
                  </li>
                </ul>
                <Show when={side.deviations.length > 0}>
                  <ul
                    class="play-report-deviations"
                    aria-label={`Non-historical counterpart moves seen playing ${side.label} by history`}
                  >
                    <For each={side.deviations}>
                      {(d) => (
                        <li>
                          {d.title}: “{d.label}” in {pct(d.share)} of runs
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </div>
            )}
          </For>
        )}
      </Show>
    </section>
  );
}
