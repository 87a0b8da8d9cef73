import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { FlowDiagram } from '../components/flow-diagram';
import { GradeSetting } from '../components/grade-setting';
import { KnowledgeResults } from '../components/knowledge-results';
import { LmsGrading } from '../components/lms-grading';
import { ErrorNotice, Loading } from '../components/status';
import { Timeline } from '../components/timeline';
import { api, messageOf, unwrap } from '../lib/api';
import { n, t } from '../i18n';
import { formatDate, percent } from '../lib/format';

const STATUS_LABEL = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  late: 'Late',
} as const;
const REFRESH_MS = 10_000;

/** `/teach/:id/assignments/:assignmentId`: an assignment's results, refreshed while students play. */
export default function ResultsPage() {
  const params = useParams<{ id: string; assignmentId: string }>();
  const [results, { mutate, refetch }] = createResource(
    () => ({ id: params.id, assignmentId: params.assignmentId }),
    async (param) => unwrap(await api.cohorts[':id'].assignments[':assignmentId'].results.$get({ param })),
  );
  const [updatedAt, setUpdatedAt] = createSignal(new Date());
  // Students keep playing while the instructor watches: refresh in the background, without a reload.
  // The first page of students comes with the results; another page, or a search, is read by itself (and polled).
  const [page, setPage] = createSignal(1);
  const [query, setQuery] = createSignal('');
  const [studentList, { refetch: refetchStudents }] = createResource(
    () => (page() > 1 || query() ? { page: page(), q: query() } : undefined),
    async ({ page, q }) =>
      unwrap(
        await api.cohorts[':id'].assignments[':assignmentId'].students.$get({
          param: { id: params.id, assignmentId: params.assignmentId },
          query: { page: String(page), ...(q ? { q } : {}) },
        }),
      ),
  );
  let typing: ReturnType<typeof setTimeout> | undefined;
  const search = (text: string) => {
    clearTimeout(typing);
    typing = setTimeout(() => (setPage(1), setQuery(text.trim())), 300);
  };
  const timer = setInterval(async () => {
    await Promise.all([refetch(), page() > 1 || query() ? refetchStudents() : undefined]);
    setUpdatedAt(new Date());
  }, REFRESH_MS);
  onCleanup(() => (clearInterval(timer), clearTimeout(typing)));

  const [drillRun, setDrillRun] = createSignal<string | null>(null);
  const [drillStudent, setDrillStudent] = createSignal('');
  const [drill] = createResource(
    () => (drillRun() ? { id: params.id, runId: drillRun()! } : undefined),
    async (param) => unwrap(await api.cohorts[':id'].runs[':runId'].$get({ param })),
  );
  const exportUrl = (rows: 'decisions' | 'runs') =>
    api.cohorts[':id'].assignments[':assignmentId'].export.$path({
      param: { id: params.id, assignmentId: params.assignmentId },
      query: { rows },
    });

  return (
    <Switch>
      <Match when={(results.error as unknown) && !results.latest}>
        <ErrorNotice message={messageOf(results.error)} retry={refetch} />
      </Match>
      <Match when={!results.latest}>
        <Loading label="Loading the results…" />
      </Match>
      <Match when={results.latest}>
        {(r) => {
          const total = () => r().studentPage.total || 1;
          const shown = () =>
            (page() > 1 || query()) && studentList.latest
              ? studentList.latest
              : { students: r().students, ...r().studentPage };
          const title = (id: string) =>
            id === 'start'
              ? 'Start'
              : id.startsWith('ending:')
                ? `Ending: ${r().endings.find((e) => `ending:${e.endingId}` === id)?.title ?? id.slice(7)}`
                : (r().decisions.find((d) => d.nodeId === id)?.title ?? id);
          // Sides by the label the scenario gives them, never by id.
          const sideLabel = (id: string | null) =>
            id === null ? '—' : (r().sides.find((s) => s.id === id)?.label ?? id);
          const maxBand = () => Math.max(1, ...Object.values(r().scores).flat());
          const maxTime = () => Math.max(1, ...r().decisions.map((d) => d.medianTimeMs ?? 0));
          return (
            <>
              <p class="eyebrow">
                <A href={`/teach/${params.id}`}>Back to the cohort</A>
              </p>
              <h1>
                {r().assignment.scenario.title} <span class="muted">v{r().assignment.scenario.version}</span>
              </h1>
              <p class="muted" role="status" aria-live="polite">
                {r().assignment.side
                  ? `Played as ${sideLabel(r().assignment.side)}. `
                  : 'Students choose their side. '}
                {r().assignment.dueAt ? `Due ${formatDate(r().assignment.dueAt!)}. ` : ''}Updated{' '}
                {updatedAt().toLocaleTimeString()}; refreshes every {REFRESH_MS / 1000} s.
              </p>
              <p class="play-actions">
                <a class="button button-secondary" href={exportUrl('decisions')} download="">
                  CSV: one row per decision
                </a>
                <a class="button button-secondary" href={exportUrl('runs')} download="">
                  CSV: one row per run
                </a>
              </p>
              <GradeSetting
                cohortId={params.id}
                assignmentId={params.assignmentId}
                grade={r().assignment.grade}
                onChange={(grade) => mutate({ ...r(), assignment: { ...r().assignment, grade } })}
              />
              <LmsGrading assignmentId={params.assignmentId} grade={r().assignment.grade} />

              <section class="panel" aria-labelledby="completion-heading">
                <h2 id="completion-heading">Completion</h2>
                <div
                  class="completion-bar"
                  role="img"
                  aria-label={Object.entries(r().completion)
                    .map(([k, n]) => `${STATUS_LABEL[k as keyof typeof STATUS_LABEL]}: ${n}`)
                    .join(', ')}
                >
                  <For each={Object.entries(r().completion)}>
                    {([status, n]) => (
                      <span class={`completion-${status}`} style={{ width: `${(n / total()) * 100}%` }} />
                    )}
                  </For>
                </div>
                <ul class="legend-inline">
                  <For each={Object.entries(r().completion)}>
                    {([status, n]) => (
                      <li>
                        <span class={`legend-swatch completion-${status}`} aria-hidden="true" />{' '}
                        {STATUS_LABEL[status as keyof typeof STATUS_LABEL]}: {n}
                      </li>
                    )}
                  </For>
                </ul>
                <p class="student-search">
                  <label>
                    {t('resultsList.search')}{' '}
                    <input type="search" maxLength={100} onInput={(e) => search(e.currentTarget.value)} />
                  </label>
                </p>
                <div
                  class="table-scroll"
                  tabindex="0"
                  role="region"
                  aria-labelledby="completion-heading"
                  aria-busy={studentList.loading}
                >
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Student</th>
                        <th scope="col">Status</th>
                        <th scope="col">Side</th>
                        <th scope="col">Score</th>
                        <th scope="col">Grade</th>
                        <th scope="col">Run</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={shown().students}>
                        {(s) => (
                          <tr>
                            <th scope="row">{s.displayName}</th>
                            <td>{STATUS_LABEL[s.status]}</td>
                            <td>{sideLabel(s.side)}</td>
                            <td>{s.score ?? '—'}</td>
                            <td>{s.grade ?? '—'}</td>
                            <td>
                              <Show when={s.runId} fallback="—">
                                {(runId) => (
                                  <button
                                    type="button"
                                    class="link-button-dark"
                                    onClick={() => (setDrillStudent(s.displayName), setDrillRun(runId()))}
                                  >
                                    View run<span class="visually-hidden"> of {s.displayName}</span>
                                  </button>
                                )}
                              </Show>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <Show
                  when={shown().total > 0}
                  fallback={
                    <Show when={query()}>
                      <p class="muted">{t('resultsList.noMatch', { q: query() })}</p>
                    </Show>
                  }
                >
                  <nav class="pager" aria-label={t('resultsList.pages')}>
                    <span role="status">
                      {t('resultsList.showing', {
                        from: n((shown().page - 1) * shown().pageSize + 1),
                        to: n((shown().page - 1) * shown().pageSize + shown().students.length),
                        total: n(shown().total),
                      })}
                    </span>
                    <Show when={shown().total > shown().pageSize}>
                      <button
                        type="button"
                        class="button button-secondary"
                        disabled={shown().page <= 1}
                        onClick={() => setPage(shown().page - 1)}
                      >
                        {t('resultsList.previous')}
                      </button>
                      <button
                        type="button"
                        class="button button-secondary"
                        disabled={shown().page * shown().pageSize >= shown().total}
                        onClick={() => setPage(shown().page + 1)}
                      >
                        {t('resultsList.next')}
                      </button>
                    </Show>
                  </nav>
                </Show>
              </section>

              <Show when={drillRun()}>
                <section class="panel" aria-labelledby="drill-heading">
                  <h2 id="drill-heading">{drillStudent()}'s run</h2>
                  <Switch>
                    <Match when={drill.error as unknown}>
                      <ErrorNotice message={messageOf(drill.error)} />
                    </Match>
                    <Match when={drill()}>
                      {(d) => (
                        <>
                          <p>
                            {d().view.side.label} ·{' '}
                            {d().run.status === 'finished'
                              ? `finished with ${d().run.score}`
                              : `decision ${d().run.step + 1}`}
                          </p>
                          <Timeline entries={d().view.timeline} metrics={d().view.metrics} />
                        </>
                      )}
                    </Match>
                    <Match when={drill.loading}>
                      <Loading />
                    </Match>
                  </Switch>
                  <button type="button" class="button button-secondary" onClick={() => setDrillRun(null)}>
                    Close
                  </button>
                </section>
              </Show>

              <section class="panel" aria-labelledby="scores-heading">
                <h2 id="scores-heading">Scores</h2>
                <div class="histograms">
                  <For each={Object.entries(r().scores)}>
                    {([side, bands]) => (
                      <figure class="histogram">
                        <figcaption>
                          {sideLabel(side)} ({bands.reduce((a, b) => a + b, 0)} finished)
                        </figcaption>
                        <svg
                          viewBox="0 0 220 120"
                          role="img"
                          aria-label={`${sideLabel(side)} scores: ${bands.map((n, i) => `${i * 10}–${i * 10 + 9}: ${n}`).join(', ')}`}
                        >
                          <For each={bands}>
                            {(n, i) => (
                              <rect
                                x={10 + i() * 20}
                                y={100 - (n / maxBand()) * 90}
                                width="16"
                                height={(n / maxBand()) * 90}
                                class="histogram-bar"
                              />
                            )}
                          </For>
                          <line x1="10" x2="210" y1="100" y2="100" class="histogram-axis" />
                          <text x="10" y="114" class="histogram-label">
                            0
                          </text>
                          <text x="200" y="114" class="histogram-label">
                            100
                          </text>
                        </svg>
                      </figure>
                    )}
                  </For>
                </div>
              </section>

              <section class="panel" aria-labelledby="flow-heading">
                <h2 id="flow-heading">Paths through the scenario</h2>
                <Show when={r().flow.length > 0} fallback={<p class="muted">No decisions yet.</p>}>
                  <FlowDiagram flow={r().flow} label={title} />
                </Show>
                <h3>Endings reached</h3>
                <ul class="share-bars">
                  <For each={r().endings}>
                    {(e) => (
                      <li>
                        <span class="share-label">{e.title}</span>
                        <span class="share-bar" aria-hidden="true">
                          <span style={{ width: percent(e.count / total()) }} />
                        </span>
                        <span class="share-value">{e.count}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </section>

              <KnowledgeResults knowledge={r().knowledge} />

              <section class="panel" aria-labelledby="decisions-heading">
                <h2 id="decisions-heading">Decision by decision</h2>
                <For each={r().decisions}>
                  {(d) => {
                    const answered = () => d.choices.reduce((s, c) => s + c.count, 0) || 1;
                    return (
                      <div class="decision-result">
                        <h3>
                          <span class="side-tag">{sideLabel(d.side)}</span> {d.title}
                        </h3>
                        <ul class="share-bars">
                          <For each={d.choices}>
                            {(c) => (
                              <li class={c.historical ? 'historical' : ''}>
                                <span class="share-label">
                                  {c.label}
                                  {c.historical && (
                                    <span class="tag">
                                      {d.onHistoricalPath ? 'historical' : 'closest to history'}
                                    </span>
                                  )}
                                </span>
                                <span class="share-bar" aria-hidden="true">
                                  <span style={{ width: percent(c.count / answered()) }} />
                                </span>
                                <span class="share-value">{c.count}</span>
                              </li>
                            )}
                          </For>
                        </ul>
                        <p class="muted">
                          Median time:{' '}
                          {d.medianTimeMs === null ? '—' : `${Math.round(d.medianTimeMs / 1000)} s`}
                          <span class="time-bar" aria-hidden="true">
                            <span style={{ width: `${((d.medianTimeMs ?? 0) / maxTime()) * 100}%` }} />
                          </span>
                        </p>
                        <Show when={d.justifications.length > 0}>
                          <details>
                            <summary>Justifications ({d.justificationCount})</summary>
                            <Show when={d.justificationCount > d.justifications.length}>
                              <p class="muted small">
                                {t('resultsList.someJustifications', {
                                  shown: n(d.justifications.length),
                                  total: n(d.justificationCount),
                                })}
                              </p>
                            </Show>
                            <ul class="justifications">
                              <For each={d.justifications}>
                                {(j) => (
                                  <li>
                                    <strong>{j.student}</strong> (
                                    {d.choices.find((c) => c.choiceId === j.choiceId)?.label}): {j.text}
                                  </li>
                                )}
                              </For>
                            </ul>
                          </details>
                        </Show>
                      </div>
                    );
                  }}
                </For>
              </section>
            </>
          );
        }}
      </Match>
    </Switch>
  );
}
