import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { formatDate } from '../lib/format';
import { fieldText } from '../lib/form';
import { En, n, rich, t } from '../i18n';

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
      ? t('teach.noDue')
      : t(a().dueAt! < Date.now() ? 'teach.wasDue' : 'teach.due', { date: formatDate(a().dueAt!) });
  return (
    <li class="assignment-progress">
      <span>
        <A href={`/teach/${a().cohortId}/assignments/${a().id}`} lang="en">
          {a().scenario.title}
        </A>{' '}
        <span class="muted">· {due()}</span>
      </span>
      <span class="progress-bar" aria-hidden="true">
        <span class="progress-done" style={{ width: `${share(a().finished)}%` }} />
        <span class="progress-started" style={{ width: `${share(a().inProgress)}%` }} />
      </span>
      <span class="progress-words">
        {t('teach.finishedOf', a().finished, props.students)}
        {a().inProgress ? t('teach.alsoInProgress', a().inProgress) : ''}
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
      <h1>{t('teach.title')}</h1>
      <p class="card-actions">
        <a class="button" href="#create-heading">
          {t('teach.createCohort')}
        </a>
        <A class="button" href="/teach/live">
          {t('teach.startLive')}
        </A>
        <A class="button button-secondary" href="/studio">
          {t('teach.writeScenario')}
        </A>
      </p>
      <Switch>
        <Match when={list.error as unknown}>
          <ErrorNotice message={messageOf(list.error)} retry={refetch} />
        </Match>
        <Match when={list.loading}>
          <Loading label={t('teach.loadingCohorts')} />
        </Match>
        <Match when={list()}>
          {(l) => (
            <>
              <Show when={l().invitations.length > 0}>
                <section class="panel" aria-labelledby="invitations-heading">
                  <h2 id="invitations-heading">{t('teach.invitations')}</h2>
                  <p class="muted">{t('teach.invitationsNote')}</p>
                  <ul class="run-list">
                    <For each={l().invitations}>
                      {(i) => (
                        <li class="card run-card">
                          <span>
                            {rich(t('teach.invitedBy'), {
                              cohort: (
                                <strong>
                                  <bdi>{i.cohort.name}</bdi>
                                </strong>
                              ),
                              name: <bdi>{i.invitedBy}</bdi>,
                              date: formatDate(i.createdAt),
                            })}
                          </span>
                          <span class="card-actions">
                            <button
                              class="button"
                              type="button"
                              aria-label={t('teach.acceptLabel', { cohort: i.cohort.name })}
                              onClick={() => void answer(i.id, 'accept')}
                            >
                              {t('teach.accept')}
                            </button>
                            <button
                              class="button button-secondary"
                              type="button"
                              aria-label={t('teach.declineLabel', { cohort: i.cohort.name })}
                              onClick={() => void answer(i.id, 'decline')}
                            >
                              {t('teach.decline')}
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
                <h2 id="cohorts-heading">{t('teach.yourCohorts')}</h2>
                <Show when={l().teaching.length > 0} fallback={<p class="muted">{t('teach.noCohorts')}</p>}>
                  <ul class="run-list">
                    <For each={l().teaching}>
                      {(cohort) => (
                        <li class="card cohort-card">
                          <div class="run-card">
                            <span>
                              <strong>
                                <bdi>{cohort.name}</bdi>
                              </strong>{' '}
                              · {t('teach.students', cohort.members)}
                            </span>
                            <A
                              class="button button-secondary"
                              href={`/teach/${cohort.id}`}
                              aria-label={t('teach.openLabel', { cohort: cohort.name })}
                            >
                              {t('teach.open')}
                            </A>
                          </div>
                          <Show
                            when={cohort.assignments.length > 0}
                            fallback={<p class="muted">{t('teach.nothingAssigned')}</p>}
                          >
                            <ul
                              class="assignment-list"
                              aria-label={t('teach.assignmentsOf', { cohort: cohort.name })}
                            >
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
        <h2 id="drafts-heading">{t('teach.drafts')}</h2>
        <Show when={drafts()} fallback={<Loading label={t('teach.loadingDrafts')} />}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={
                <p class="muted">
                  {rich(t('teach.noDrafts'), { link: <A href="/studio">{t('teach.writeOrCopy')}</A> })}
                </p>
              }
            >
              <ul class="run-list">
                <For each={list()}>
                  {(s) => (
                    <li class="card run-card">
                      <span>
                        <strong>
                          <En>{s.title}</En>
                        </strong>{' '}
                        ·{' '}
                        {t('teach.draftOf', {
                          version: n(s.versions.find((v) => v.status === 'draft')!.version),
                        })}
                      </span>
                      <A
                        class="button button-secondary"
                        href={`/studio/${s.slug}`}
                        aria-label={t('teach.continueLabel', { title: s.title })}
                      >
                        {t('teach.continueEditing')}
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
          <h2 id="live-heading">{t('teach.recentLive')}</h2>
          <ul class="run-list">
            <For each={(sessions() ?? []).slice(0, RECENT_SESSIONS)}>
              {(session) => (
                <li class="card run-card">
                  <span>
                    <strong>
                      <En>{session.title}</En>
                    </strong>{' '}
                    · <bdi dir="ltr">{session.code}</bdi> ·{' '}
                    {session.mode === 'teams'
                      ? t('teach.modeTeams')
                      : rich(t('teach.modeRoom'), { side: <En>{session.side}</En> })}{' '}
                    · {formatDate(session.createdAt)}
                  </span>
                  <Show
                    when={session.status === 'ended'}
                    fallback={
                      <A class="button" href={`/live/${session.code}/console`}>
                        {t('teach.console')}
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
                      {t('teach.resultsCsv')}
                    </a>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
      <section class="panel" aria-labelledby="create-heading">
        <h2 id="create-heading">{t('teach.createCohort')}</h2>
        <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
        <form class="form inline-form" onSubmit={create}>
          <label for="cohort-name">{t('teach.cohortName')}</label>
          <input
            id="cohort-name"
            name="name"
            required
            maxLength={120}
            placeholder={t('teach.cohortPlaceholder')}
          />
          <button class="button" type="submit" disabled={busy()}>
            {busy() ? t('teach.creating') : t('teach.create')}
          </button>
        </form>
      </section>
    </>
  );
}
