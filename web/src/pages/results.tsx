import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { FlowDiagram } from '../components/flow-diagram';
import { GradeSetting } from '../components/grade-setting';
import { KnowledgeResults } from '../components/knowledge-results';
import { LmsGrading } from '../components/lms-grading';
import { ErrorNotice, Loading } from '../components/status';
import { Timeline } from '../components/timeline';
import { api, messageOf, unwrap } from '../lib/api';
import { formatDate } from '../lib/format';
import type { CheckView } from '../../../api/engine';
import { En, list, n, rich, t, time } from '../i18n';

const STATUS_KEY = {
  not_started: 'results.notStarted',
  in_progress: 'results.inProgress',
  done: 'results.done',
  late: 'results.late',
} as const;
const statusLabel = (status: string) => t(STATUS_KEY[status as keyof typeof STATUS_KEY]);
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
        <Loading label={t('results.loading')} />
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
              ? t('results.start')
              : id.startsWith('ending:')
                ? t('results.ending', {
                    title: r().endings.find((e) => `ending:${e.endingId}` === id)?.title ?? id.slice(7),
                  })
                : (r().decisions.find((d) => d.nodeId === id)?.title ?? id);
          // Sides by the label the scenario gives them, never by id.
          const sideLabel = (id: string | null) =>
            id === null ? '—' : (r().sides.find((s) => s.id === id)?.label ?? id);
          const maxBand = () => Math.max(1, ...Object.values(r().scores).flat());
          const maxTime = () => Math.max(1, ...r().decisions.map((d) => d.medianTimeMs ?? 0));
          return (
            <>
              <p class="eyebrow">
                <A href={`/teach/${params.id}`}>{t('results.back')}</A>
              </p>
              <h1>
                <En>{r().assignment.scenario.title}</En>{' '}
                <span class="muted">
                  {t('results.version', { version: n(r().assignment.scenario.version) })}
                </span>
              </h1>
              <p class="muted" role="status" aria-live="polite">
                {r().assignment.side
                  ? rich(t('results.playedAs'), { side: <En>{sideLabel(r().assignment.side)}</En> })
                  : t('results.studentsChoose')}{' '}
                {r().assignment.dueAt
                  ? `${t('results.due', { date: formatDate(r().assignment.dueAt!) })} `
                  : ''}
                {t('results.updated', time(updatedAt()), REFRESH_MS / 1000)}
              </p>
              <p class="play-actions">
                <a class="button button-secondary" href={exportUrl('decisions')} download="">
                  {t('results.csvDecisions')}
                </a>
                <a class="button button-secondary" href={exportUrl('runs')} download="">
                  {t('results.csvRuns')}
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
                <h2 id="completion-heading">{t('results.completion')}</h2>
                <div
                  class="completion-bar"
                  role="img"
                  aria-label={Object.entries(r().completion)
                    .map(([k, count]) =>
                      t('results.statusCount', { status: statusLabel(k), count: n(count) }),
                    )
                    .join(', ')}
                >
                  <For each={Object.entries(r().completion)}>
                    {([status, count]) => (
                      <span class={`completion-${status}`} style={{ width: `${(count / total()) * 100}%` }} />
                    )}
                  </For>
                </div>
                <ul class="legend-inline">
                  <For each={Object.entries(r().completion)}>
                    {([status, count]) => (
                      <li>
                        <span class={`legend-swatch completion-${status}`} aria-hidden="true" />{' '}
                        {t('results.statusCount', { status: statusLabel(status), count: n(count) })}
                      </li>
                    )}
                  </For>
                </ul>
                <p class="student-search">
                  <label>
                    {t('results.search')}{' '}
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
                        <th scope="col">{t('results.student')}</th>
                        <th scope="col">{t('results.status')}</th>
                        <th scope="col">{t('results.side')}</th>
                        <th scope="col">{t('results.score')}</th>
                        <th scope="col">{t('results.grade')}</th>
                        <th scope="col">{t('results.run')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={shown().students}>
                        {(s) => (
                          <tr>
                            <th scope="row">
                              <bdi>{s.displayName}</bdi>
                            </th>
                            <td>{statusLabel(s.status)}</td>
                            <td lang="en">{sideLabel(s.side)}</td>
                            <td>{s.score === null ? '—' : n(s.score)}</td>
                            <td>{s.grade === null ? '—' : n(s.grade)}</td>
                            <td>
                              <Show when={s.runId} fallback="—">
                                {(runId) => (
                                  <button
                                    type="button"
                                    class="link-button-dark"
                                    aria-label={t('results.viewRunOf', { name: s.displayName })}
                                    onClick={() => (setDrillStudent(s.displayName), setDrillRun(runId()))}
                                  >
                                    {t('results.viewRun')}
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
                      <p class="muted">{t('results.noMatch', { q: query() })}</p>
                    </Show>
                  }
                >
                  <nav class="pager" aria-label={t('results.pages')}>
                    <span role="status">
                      {t('results.showing', {
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
                        {t('results.previous')}
                      </button>
                      <button
                        type="button"
                        class="button button-secondary"
                        disabled={shown().page * shown().pageSize >= shown().total}
                        onClick={() => setPage(shown().page + 1)}
                      >
                        {t('results.next')}
                      </button>
                    </Show>
                  </nav>
                </Show>
              </section>

              <Show when={drillRun()}>
                <section class="panel" aria-labelledby="drill-heading">
                  <h2 id="drill-heading">
                    {rich(t('results.runOf'), { name: <bdi>{drillStudent()}</bdi> })}
                  </h2>
                  <Switch>
                    <Match when={drill.error as unknown}>
                      <ErrorNotice message={messageOf(drill.error)} />
                    </Match>
                    <Match when={drill()}>
                      {(d) => (
                        <>
                          <p>
                            <En>{d().view.side.label}</En> ·{' '}
                            {d().run.status === 'finished'
                              ? t('results.finishedWith', { score: n(d().run.score ?? 0) })
                              : t('results.atDecision', { n: n(d().run.step + 1) })}
                          </p>
                          <Timeline
                            entries={d().view.timeline}
                            metrics={d().view.metrics}
                            student={drillStudent() ?? ''}
                          />
                          <DrillAnswers items={d().checks.items} />
                        </>
                      )}
                    </Match>
                    <Match when={drill.loading}>
                      <Loading />
                    </Match>
                  </Switch>
                  <button type="button" class="button button-secondary" onClick={() => setDrillRun(null)}>
                    {t('results.close')}
                  </button>
                </section>
              </Show>

              <section class="panel" aria-labelledby="scores-heading">
                <h2 id="scores-heading">{t('results.scores')}</h2>
                <div class="histograms">
                  <For each={Object.entries(r().scores)}>
                    {([side, bands]) => (
                      <figure class="histogram">
                        <figcaption>
                          {rich(
                            t(
                              'results.sideFinished',
                              '{{ side }}',
                              bands.reduce((a, b) => a + b, 0),
                            ),
                            { side: <En>{sideLabel(side)}</En> },
                          )}
                        </figcaption>
                        <svg
                          viewBox="0 0 220 120"
                          role="img"
                          aria-label={t('results.scoresLabel', {
                            side: sideLabel(side),
                            bands: list(
                              bands.map((count, i) =>
                                t('results.band', { from: n(i * 10), to: n(i * 10 + 9), count: n(count) }),
                              ),
                            ),
                          })}
                        >
                          <For each={bands}>
                            {(count, i) => (
                              <rect
                                x={10 + i() * 20}
                                y={100 - (count / maxBand()) * 90}
                                width="16"
                                height={(count / maxBand()) * 90}
                                class="histogram-bar"
                              />
                            )}
                          </For>
                          <line x1="10" x2="210" y1="100" y2="100" class="histogram-axis" />
                          <text x="10" y="114" class="histogram-label">
                            {n(0)}
                          </text>
                          <text x="200" y="114" class="histogram-label">
                            {n(100)}
                          </text>
                        </svg>
                      </figure>
                    )}
                  </For>
                </div>
              </section>

              <section class="panel" aria-labelledby="flow-heading">
                <h2 id="flow-heading">{t('results.paths')}</h2>
                <Show when={r().flow.length > 0} fallback={<p class="muted">{t('results.noDecisions')}</p>}>
                  <FlowDiagram flow={r().flow} label={title} />
                </Show>
                <h3>{t('results.endings')}</h3>
                <ul class="share-bars">
                  <For each={r().endings}>
                    {(e) => (
                      <li>
                        <span class="share-label" lang="en">
                          {e.title}
                        </span>
                        <span class="share-bar" aria-hidden="true">
                          <span style={{ width: `${(e.count / total()) * 100}%` }} />
                        </span>
                        <span class="share-value">{n(e.count)}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </section>

              <KnowledgeResults knowledge={r().knowledge} />

              <section class="panel" aria-labelledby="decisions-heading">
                <h2 id="decisions-heading">{t('results.decisions')}</h2>
                <For each={r().decisions}>
                  {(d) => {
                    const answered = () => d.choices.reduce((s, c) => s + c.count, 0) || 1;
                    return (
                      <div class="decision-result">
                        <h3>
                          <span class="side-tag" lang="en">
                            {sideLabel(d.side)}
                          </span>{' '}
                          <En>{d.title}</En>
                        </h3>
                        <ul class="share-bars">
                          <For each={d.choices}>
                            {(c) => (
                              <li class={c.historical ? 'historical' : ''}>
                                <span class="share-label">
                                  <En>{c.label}</En>
                                  {c.historical && (
                                    <span class="tag">
                                      {d.onHistoricalPath ? t('results.historical') : t('results.closest')}
                                    </span>
                                  )}
                                </span>
                                <span class="share-bar" aria-hidden="true">
                                  <span style={{ width: `${(c.count / answered()) * 100}%` }} />
                                </span>
                                <span class="share-value">{n(c.count)}</span>
                              </li>
                            )}
                          </For>
                        </ul>
                        <p class="muted">
                          {t('results.medianTime')}{' '}
                          {d.medianTimeMs === null
                            ? '—'
                            : t('results.seconds', Math.round(d.medianTimeMs / 1000))}
                          <span class="time-bar" aria-hidden="true">
                            <span style={{ width: `${((d.medianTimeMs ?? 0) / maxTime()) * 100}%` }} />
                          </span>
                        </p>
                        <Show when={d.justifications.length > 0}>
                          <details>
                            <summary>{t('results.justifications', d.justificationCount)}</summary>
                            <Show when={d.justificationCount > d.justifications.length}>
                              <p class="muted small">
                                {t('results.someJustifications', {
                                  shown: n(d.justifications.length),
                                  total: n(d.justificationCount),
                                })}
                              </p>
                            </Show>
                            <ul class="justifications">
                              <For each={d.justifications}>
                                {(j) => (
                                  <li>
                                    <strong>
                                      <bdi>{j.student}</bdi>
                                    </strong>{' '}
                                    (<En>{d.choices.find((c) => c.choiceId === j.choiceId)?.label}</En>):{' '}
                                    <bdi>{j.text}</bdi>
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

/** A student's answers to the run's knowledge checks, for the drill-down: what they chose and whether it was right. */
function DrillAnswers(props: { items: CheckView[] }) {
  const label = (item: CheckView, ids: string[]) =>
    ids.map((id) => item.options.find((o) => o.id === id)?.label ?? id).join('; ');
  return (
    <Show when={props.items.length > 0}>
      <h3 id="drill-answers">{t('drill.answers')}</h3>
      <ul class="drill-answers" aria-labelledby="drill-answers">
        <For each={props.items}>
          {(item) => (
            <li>
              <span class="drill-prompt" lang="en" dir="auto">
                {item.prompt}
              </span>{' '}
              <Show when={item.answer} fallback={<span class="muted">{t('drill.notAnswered')}</span>}>
                {(answer) => (
                  <>
                    <span lang="en" dir="auto">
                      {label(item, answer().optionIds)}
                    </span>{' '}
                    {(() => {
                      const a = answer();
                      return a.revealed ? (
                        <span class={a.correct ? 'tag tag-good' : 'tag tag-bad'}>
                          {a.correct ? t('drill.right') : t('drill.wrong')}
                        </span>
                      ) : (
                        <span class="muted">{t('drill.sealed')}</span>
                      );
                    })()}
                  </>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
