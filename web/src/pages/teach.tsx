import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { formatDate } from '../lib/format';
import { fieldText } from '../lib/form';

/** Recent live sessions shown on the home; older ones are in their CSVs. */
const RECENT_SESSIONS = 5;

/** One assignment's due date and how far its students are, as a bar and in words. */
function AssignmentProgress(props: {
  assignment: {
    id: string;
    cohortId: string;
    scenario: { title: string };
    dueAt: number | null;
    finished: number;
    inProgress: number;
  };
  students: number;
}) {
  const a = () => props.assignment;
  const share = (n: number) => (props.students ? (n / props.students) * 100 : 0);
  const due = () =>
    a().dueAt === null
      ? 'no due date'
      : `${a().dueAt! < Date.now() ? 'was due' : 'due'} ${formatDate(a().dueAt!)}`;
  return (
    <li class="assignment-progress">
      <span>
        <A href={`/teach/${a().cohortId}/assignments/${a().id}`}>{a().scenario.title}</A>{' '}
        <span class="muted">· {due()}</span>
      </span>
      <span class="progress-bar" aria-hidden="true">
        <span class="progress-done" style={{ width: `${share(a().finished)}%` }} />
        <span class="progress-started" style={{ width: `${share(a().inProgress)}%` }} />
      </span>
      <span class="progress-words">
        {a().finished} of {props.students} finished{a().inProgress ? `, ${a().inProgress} in progress` : ''}
      </span>
    </li>
  );
}

/**
 * `/teach`, where instructors land after signing in: their cohorts with what is due and how far students are, their
 * drafts, their recent live sessions, and a button to start each.
 */
export default function TeachPage() {
  const navigate = useNavigate();
  const [list, { refetch }] = createResource(async () => unwrap(await api.cohorts.$get()));
  const [sessions] = createResource(async () => unwrap(await api.live.$get()));
  const [drafts] = createResource(async () =>
    (await unwrap(await api.studio.scenarios.$get())).filter((s) =>
      s.versions.some((v) => v.status === 'draft'),
    ),
  );
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [answerError, setAnswerError] = createSignal<string | null>(null);

  /** Accepts or declines an invitation to co-teach, then reloads the cohorts (an accepted one joins them). */
  async function answer(invitationId: string, verdict: 'accept' | 'decline') {
    setAnswerError(null);
    try {
      const route = api.cohorts.invitations[':invitationId'];
      await unwrap(
        await (verdict === 'accept' ? route.accept : route.decline).$post({ param: { invitationId } }),
      );
      await refetch();
    } catch (failure) {
      setAnswerError(messageOf(failure));
    }
  }

  async function create(event: SubmitEvent) {
    event.preventDefault();
    const name = fieldText(new FormData(event.currentTarget as HTMLFormElement), 'name');
    setBusy(true);
    setError(null);
    try {
      const cohort = await unwrap(await api.cohorts.$post({ json: { name } }));
      navigate(`/teach/${cohort.id}`);
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Teaching</h1>
      <p class="card-actions">
        <a class="button" href="#create-heading">
          Create a cohort
        </a>
        <A class="button" href="/teach/live">
          Start a live session
        </A>
        <A class="button button-secondary" href="/studio">
          Write a scenario
        </A>
      </p>
      <Switch>
        <Match when={list.error as unknown}>
          <ErrorNotice message={messageOf(list.error)} retry={refetch} />
        </Match>
        <Match when={list.loading}>
          <Loading label="Loading your cohorts…" />
        </Match>
        <Match when={list()}>
          {(l) => (
            <>
              <Show when={l().invitations.length > 0}>
                <section class="panel" aria-labelledby="invitations-heading">
                  <h2 id="invitations-heading">Invitations to co-teach</h2>
                  <p class="muted">
                    Accepting lets you teach the cohort, and shares with it what you share with your cohorts.
                  </p>
                  <ul class="run-list">
                    <For each={l().invitations}>
                      {(i) => (
                        <li class="card run-card">
                          <span>
                            <strong>{i.cohort.name}</strong> · invited by {i.invitedBy} on{' '}
                            {formatDate(i.createdAt)}
                          </span>
                          <span class="card-actions">
                            <button class="button" type="button" onClick={() => void answer(i.id, 'accept')}>
                              Accept<span class="visually-hidden"> co-teaching {i.cohort.name}</span>
                            </button>
                            <button
                              class="button button-secondary"
                              type="button"
                              onClick={() => void answer(i.id, 'decline')}
                            >
                              Decline<span class="visually-hidden"> co-teaching {i.cohort.name}</span>
                            </button>
                          </span>
                        </li>
                      )}
                    </For>
                  </ul>
                  <Show when={answerError()}>
                    <p class="error" role="alert">
                      {answerError()}
                    </p>
                  </Show>
                </section>
              </Show>
              <section aria-labelledby="cohorts-heading">
                <h2 id="cohorts-heading">Your cohorts</h2>
                <Show
                  when={l().teaching.length > 0}
                  fallback={<p class="muted">No cohorts yet: create one below.</p>}
                >
                  <ul class="run-list">
                    <For each={l().teaching}>
                      {(cohort) => (
                        <li class="card cohort-card">
                          <div class="run-card">
                            <span>
                              <strong>{cohort.name}</strong> · {cohort.members} student
                              {cohort.members === 1 ? '' : 's'}
                            </span>
                            <A
                              class="button button-secondary"
                              href={`/teach/${cohort.id}`}
                              aria-label={`Open ${cohort.name}`}
                            >
                              Open
                            </A>
                          </div>
                          <Show
                            when={cohort.assignments.length > 0}
                            fallback={
                              <p class="muted">Nothing assigned yet: open the cohort to assign a scenario.</p>
                            }
                          >
                            <ul class="assignment-list" aria-label={`Assignments of ${cohort.name}`}>
                              <For each={cohort.assignments}>
                                {(a) => <AssignmentProgress assignment={a} students={cohort.members} />}
                              </For>
                            </ul>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>
            </>
          )}
        </Match>
      </Switch>
      <section aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">Your drafts</h2>
        <Show when={drafts()} fallback={<Loading label="Loading your drafts…" />}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={
                <p class="muted">
                  No drafts open. <A href="/studio">Write or copy a scenario</A> in the studio.
                </p>
              }
            >
              <ul class="run-list">
                <For each={list()}>
                  {(s) => (
                    <li class="card run-card">
                      <span>
                        <strong>{s.title}</strong> · draft of version{' '}
                        {s.versions.find((v) => v.status === 'draft')!.version}
                      </span>
                      <A
                        class="button button-secondary"
                        href={`/studio/${s.slug}`}
                        aria-label={`Continue editing ${s.title}`}
                      >
                        Continue editing
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </section>
      <Show when={(sessions() ?? []).length > 0}>
        <section aria-labelledby="live-heading">
          <h2 id="live-heading">Recent live sessions</h2>
          <ul class="run-list">
            <For each={(sessions() ?? []).slice(0, RECENT_SESSIONS)}>
              {(session) => (
                <li class="card run-card">
                  <span>
                    <strong>{session.title}</strong> · {session.code} ·{' '}
                    {session.mode === 'teams' ? 'teams' : `room as ${session.side}`} ·{' '}
                    {formatDate(session.createdAt)}
                  </span>
                  <Show
                    when={session.status === 'ended'}
                    fallback={
                      <A class="button" href={`/live/${session.code}/console`}>
                        Console
                      </A>
                    }
                  >
                    <a
                      class="button button-secondary"
                      href={api.live[':code'].results.$path({
                        param: { code: session.code },
                        query: { format: 'csv' },
                      })}
                      download=""
                    >
                      Results (CSV)
                    </a>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
      <section class="panel" aria-labelledby="create-heading">
        <h2 id="create-heading">Create a cohort</h2>
        <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
        <form class="form inline-form" onSubmit={create}>
          <label for="cohort-name">Name (a course or a section)</label>
          <input id="cohort-name" name="name" required maxLength={120} placeholder="IR 210, section A" />
          <button class="button" type="submit" disabled={busy()}>
            {busy() ? 'Creating…' : 'Create cohort'}
          </button>
        </form>
      </section>
    </>
  );
}
