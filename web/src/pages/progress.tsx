import { A, useSearchParams } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { formatDate, formatDuration, percent } from '../lib/format';
import { session } from '../lib/session';

export default function ProgressPage() {
  const [progress, { refetch }] = createResource(async () => unwrap(await api.progress.$get()));
  const [params] = useSearchParams<{ joined?: string }>();
  // Assignments exist only for signed-in students; guests skip the request.
  const [assigned] = createResource(
    () => session.me()?.user?.id,
    async () => unwrap(await api.assignments.$get()),
  );
  return (
    <>
      <h1>Your progress</h1>
      <Show when={params.joined}>
        {(name) => (
          <p class="notice" role="status">
            You joined {name()}.
          </p>
        )}
      </Show>
      <Show when={session.me()?.user}>
        <section aria-labelledby="assignments-heading">
          <h2 id="assignments-heading">Your assignments</h2>
          <Show
            when={(assigned() ?? []).length > 0}
            fallback={
              <p class="muted">
                No assignments. <A href="/join">Join a cohort</A> with a code from your instructor.
              </p>
            }
          >
            <ul class="run-list">
              <For each={assigned()}>
                {(a) => (
                  <li class="card run-card">
                    <span>
                      <strong>{a.scenario.title}</strong> · {a.cohortName}
                      {a.side ? ` · as ${capitalize(a.side)}` : ''}
                      {a.dueAt ? ` · due ${formatDate(a.dueAt)}` : ''} ·{' '}
                      <span class={`status status-${a.status}`}>{ASSIGNMENT_STATUS[a.status]}</span>
                    </span>
                    <Show
                      when={a.runId}
                      fallback={
                        <Show when={a.status !== 'not_open'}>
                          <A
                            class="button"
                            href={`/scenarios/${a.scenario.slug}?assignment=${a.id}${a.side ? `&side=${a.side}` : ''}`}
                          >
                            Start
                          </A>
                        </Show>
                      }
                    >
                      {(runId) => (
                        <A class="button button-secondary" href={`/play/${runId()}`}>
                          {a.status === 'in_progress' ? 'Resume' : 'Debrief'}
                        </A>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </Show>
      <Show when={session.me() && !session.me()!.user}>
        <p class="notice">
          You are playing as a guest: progress is kept in this browser only.{' '}
          <A href="/signup?next=/progress">Create an account</A> to keep it.
        </p>
      </Show>
      <Switch>
        <Match when={progress.error as unknown}>
          <ErrorNotice message={messageOf(progress.error)} retry={refetch} />
        </Match>
        <Match when={progress.loading}>
          <Loading label="Loading your progress…" />
        </Match>
        <Match when={progress()}>
          {(p) => (
            <>
              <section class="stats" aria-label="Summary">
                <div class="stat">
                  <span class="stat-value">{p().finished.length}</span>
                  <span class="stat-label">
                    {p().finished.length === 1 ? 'run finished' : 'runs finished'}
                  </span>
                </div>
                <div class="stat" data-testid="matched-history">
                  <Show
                    when={p().historicalDecisions.total > 0}
                    fallback={
                      <>
                        <span class="stat-value">—</span>
                        <span class="stat-label">
                          decisions matched history: finish a run to see how yours compare
                        </span>
                      </>
                    }
                  >
                    <span class="stat-value">{percent(p().historicalAlignment!)}</span>
                    <span class="stat-label">
                      of your decisions matched history: {p().historicalDecisions.matched} of{' '}
                      {p().historicalDecisions.total} in finished runs
                    </span>
                  </Show>
                </div>
                <div class="stat">
                  <span class="stat-value">
                    {p().timeSpentMs > 0 ? formatDuration(p().timeSpentMs) : 'None yet'}
                  </span>
                  <span class="stat-label">spent deciding</span>
                </div>
              </section>

              <section aria-labelledby="in-progress-heading">
                <h2 id="in-progress-heading">In progress</h2>
                <Show
                  when={p().inProgress.length > 0}
                  fallback={
                    <p class="muted">
                      Nothing in progress. <A href="/">Start a scenario</A>.
                    </p>
                  }
                >
                  <RunList
                    runs={p().inProgress}
                    describe={(run) => `decision ${run.step + 1} · ${formatDate(run.updatedAt)}`}
                    action="Resume"
                  />
                </Show>
              </section>

              <section aria-labelledby="scenarios-heading">
                <h2 id="scenarios-heading">By scenario</h2>
                <Show when={p().scenarios.length > 0} fallback={<p class="muted">No runs yet.</p>}>
                  <div class="table-scroll">
                    <table class="progress-table">
                      <thead>
                        <tr>
                          <th scope="col">Scenario</th>
                          <th scope="col">Best score</th>
                          <th scope="col">Endings discovered</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={p().scenarios}>
                          {(s) => (
                            <tr>
                              <th scope="row">{s.title}</th>
                              <td>
                                {Object.entries(s.best)
                                  .map(([side, score]) => `${capitalize(side)}: ${score}`)
                                  .join(', ') || '—'}
                              </td>
                              <td>
                                <span class="endings-count">
                                  {s.endingsDiscovered.length} of {s.endingsTotal}
                                </span>
                                <span class="endings-bar" aria-hidden="true">
                                  <span
                                    style={{
                                      width: `${(s.endingsDiscovered.length / Math.max(1, s.endingsTotal)) * 100}%`,
                                    }}
                                  />
                                </span>
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
              </section>

              <section aria-labelledby="finished-heading">
                <h2 id="finished-heading">Finished runs</h2>
                <Show when={p().finished.length > 0} fallback={<p class="muted">No finished runs yet.</p>}>
                  <RunList
                    runs={p().finished}
                    describe={(run) =>
                      [
                        `score ${run.score}`,
                        run.historicalAlignment === null
                          ? null
                          : `${percent(run.historicalAlignment)} historical`,
                        formatDate(run.finishedAt ?? run.updatedAt),
                      ]
                        .filter(Boolean)
                        .join(' · ')
                    }
                    action="Debrief"
                  />
                </Show>
              </section>
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}

type RunSummary = {
  id: string;
  scenario: { title: string };
  side: string;
  step: number;
  score: number | null;
  historicalAlignment: number | null;
  updatedAt: number;
  finishedAt: number | null;
};

/** A list of runs, each with a line about it and a link into it. */
function RunList(props: {
  runs: RunSummary[];
  describe: (run: RunSummary) => string;
  action: 'Resume' | 'Debrief';
}) {
  return (
    <ul class="run-list">
      <For each={props.runs}>
        {(run) => (
          <li class="card run-card">
            <span>
              <strong>{run.scenario.title}</strong> as {capitalize(run.side)} · {props.describe(run)}
            </span>
            <A
              class={props.action === 'Resume' ? 'button' : 'button button-secondary'}
              href={`/play/${run.id}`}
            >
              {props.action}
            </A>
          </li>
        )}
      </For>
    </ul>
  );
}

const capitalize = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

const ASSIGNMENT_STATUS = {
  not_started: 'not started',
  in_progress: 'in progress',
  done: 'done',
  late: 'done late',
  not_open: 'not open yet',
} as const;
