import { A, useSearchParams } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { formatDate, formatDuration, percent } from '../lib/format';
import { session } from '../lib/session';

import { En, n, rich, t } from '../i18n';

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
      <h1>{t('progress.title')}</h1>
      <Show when={params.joined}>
        {(name) => (
          <p class="notice" role="status">
            {rich(t('progress.joined'), { name: <bdi>{name()}</bdi> })}
          </p>
        )}
      </Show>
      <Show when={session.me()?.user}>
        <section aria-labelledby="assignments-heading">
          <h2 id="assignments-heading">{t('progress.assignments')}</h2>
          <Show
            when={(assigned() ?? []).length > 0}
            fallback={
              <p class="muted">
                {rich(t('progress.noAssignments'), { join: <A href="/join">{t('progress.joinCohort')}</A> })}
              </p>
            }
          >
            <ul class="run-list">
              <For each={assigned()}>
                {(a) => (
                  <li class="card run-card">
                    <span>
                      <strong>
                        <En>{a.scenario.title}</En>
                      </strong>{' '}
                      · <bdi>{a.cohortName}</bdi>
                      {a.side ? ' · ' : ''}
                      {a.side ? rich(t('progress.asSide'), { side: <En>{capitalize(a.side)}</En> }) : ''}
                      {a.dueAt ? ` · ${t('progress.due', { date: formatDate(a.dueAt) })}` : ''} ·{' '}
                      <span class={`status status-${a.status}`}>{ASSIGNMENT_STATUS[a.status]()}</span>
                    </span>
                    <Show
                      when={a.runId}
                      fallback={
                        <Show when={a.status !== 'not_open'}>
                          <A
                            class="button"
                            href={`/scenarios/${a.scenario.slug}?assignment=${a.id}${a.side ? `&side=${a.side}` : ''}`}
                          >
                            {t('progress.start')}
                          </A>
                        </Show>
                      }
                    >
                      {(runId) => (
                        <A class="button button-secondary" href={`/play/${runId()}`}>
                          {a.status === 'in_progress' ? t('progress.resume') : t('progress.debrief')}
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
          {rich(t('progress.guest'), {
            create: <A href="/signup?next=/progress">{t('home.createAccount')}</A>,
          })}
        </p>
      </Show>
      <Switch>
        <Match when={progress.error as unknown}>
          <ErrorNotice message={messageOf(progress.error)} retry={refetch} />
        </Match>
        <Match when={progress.loading}>
          <Loading label={t('progress.loading')} />
        </Match>
        <Match when={progress()}>
          {(p) => (
            <>
              <section class="stats" aria-label={t('progress.summary')}>
                <div class="stat">
                  <span class="stat-value">{n(p().finished.length)}</span>
                  <span class="stat-label">{t('progress.runsFinished', p().finished.length)}</span>
                </div>
                <div class="stat" data-testid="matched-history">
                  <Show
                    when={p().historicalDecisions.total > 0}
                    fallback={
                      <>
                        <span class="stat-value">—</span>
                        <span class="stat-label">{t('progress.matchedNone')}</span>
                      </>
                    }
                  >
                    <span class="stat-value">{percent(p().historicalAlignment!)}</span>
                    <span class="stat-label">
                      {t('progress.matched', p().historicalDecisions.matched, p().historicalDecisions.total)}
                    </span>
                  </Show>
                </div>
                <div class="stat">
                  <span class="stat-value">
                    {p().timeSpentMs > 0 ? formatDuration(p().timeSpentMs) : t('progress.noneYet')}
                  </span>
                  <span class="stat-label">{t('progress.spent')}</span>
                </div>
              </section>

              <section aria-labelledby="in-progress-heading">
                <h2 id="in-progress-heading">{t('progress.inProgress')}</h2>
                <Show
                  when={p().inProgress.length > 0}
                  fallback={
                    <p class="muted">
                      {rich(t('progress.nothing'), { start: <A href="/">{t('progress.startScenario')}</A> })}
                    </p>
                  }
                >
                  <RunList
                    runs={p().inProgress}
                    describe={(run) =>
                      `${t('progress.atDecision', run.step + 1)} · ${formatDate(run.updatedAt)}`
                    }
                    action="Resume"
                  />
                </Show>
              </section>

              <section aria-labelledby="scenarios-heading">
                <h2 id="scenarios-heading">{t('progress.byScenario')}</h2>
                <Show when={p().scenarios.length > 0} fallback={<p class="muted">{t('progress.noRuns')}</p>}>
                  <div class="table-scroll" tabindex="0" role="region" aria-labelledby="scenarios-heading">
                    <table class="progress-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('progress.scenario')}</th>
                          <th scope="col">{t('progress.bestScore')}</th>
                          <th scope="col">{t('progress.endings')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={p().scenarios}>
                          {(s) => (
                            <tr>
                              <th scope="row" lang="en" dir="auto">
                                {s.title}
                              </th>
                              <td>
                                <For each={Object.entries(s.best)} fallback="—">
                                  {([side, score], i) => (
                                    <>
                                      {i() > 0 ? ' · ' : ''}
                                      <En>{capitalize(side)}</En>: {n(score)}
                                    </>
                                  )}
                                </For>
                              </td>
                              <td>
                                <span class="endings-count">
                                  {t('progress.endingsOf', s.endingsDiscovered.length, s.endingsTotal)}
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
                <h2 id="finished-heading">{t('progress.finished')}</h2>
                <Show
                  when={p().finished.length > 0}
                  fallback={<p class="muted">{t('progress.noFinished')}</p>}
                >
                  <RunList
                    runs={p().finished}
                    describe={(run) =>
                      [
                        t('progress.score', { score: n(run.score ?? 0) }),
                        run.historicalAlignment === null
                          ? null
                          : t('progress.historical', { share: percent(run.historicalAlignment) }),
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
              {rich(t('progress.runAs'), {
                scenario: (
                  <strong>
                    <En>{run.scenario.title}</En>
                  </strong>
                ),
                side: <En>{capitalize(run.side)}</En>,
              })}{' '}
              · {props.describe(run)}
            </span>
            <A
              class={props.action === 'Resume' ? 'button' : 'button button-secondary'}
              href={`/play/${run.id}`}
            >
              {props.action === 'Resume' ? t('progress.resume') : t('progress.debrief')}
            </A>
          </li>
        )}
      </For>
    </ul>
  );
}

const capitalize = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

const ASSIGNMENT_STATUS = {
  not_started: () => t('progress.statusNotStarted'),
  in_progress: () => t('progress.statusInProgress'),
  done: () => t('progress.statusDone'),
  late: () => t('progress.statusLate'),
  not_open: () => t('progress.statusNotOpen'),
} as const;
