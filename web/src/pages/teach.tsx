import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { formatDate } from '../lib/format';

/** `/teach`: the cohorts an instructor teaches, and a form to create one. */
export default function TeachPage() {
  const navigate = useNavigate();
  const [list, { refetch }] = createResource(async () => unwrap(await api.cohorts.$get()));
  const [sessions] = createResource(async () => unwrap(await api.live.$get()));
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function create(event: SubmitEvent) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get('name') ?? '');
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
      <p>
        <A class="button" href="/teach/live">
          Start a live session
        </A>
      </p>
      <Switch>
        <Match when={list.error}>
          <ErrorNotice message={messageOf(list.error)} retry={refetch} />
        </Match>
        <Match when={list.loading}>
          <Loading label="Loading your cohorts…" />
        </Match>
        <Match when={list()}>
          {(l) => (
            <section aria-labelledby="cohorts-heading">
              <h2 id="cohorts-heading">Your cohorts</h2>
              <Show when={l().teaching.length > 0} fallback={<p class="muted">No cohorts yet: create one below.</p>}>
                <ul class="run-list">
                  <For each={l().teaching}>
                    {(cohort) => (
                      <li class="card run-card">
                        <span>
                          <strong>{cohort.name}</strong> · {cohort.members} student{cohort.members === 1 ? '' : 's'}
                        </span>
                        <A class="button button-secondary" href={`/teach/${cohort.id}`}>
                          Open
                        </A>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
          )}
        </Match>
      </Switch>
      <Show when={(sessions() ?? []).length > 0}>
        <section aria-labelledby="live-heading">
          <h2 id="live-heading">Your live sessions</h2>
          <ul class="run-list">
            <For each={sessions()}>
              {(session) => (
                <li class="card run-card">
                  <span>
                    <strong>{session.title}</strong> · {session.code} · {session.mode === 'teams' ? 'teams' : `room as ${session.side}`} · {formatDate(session.createdAt)}
                  </span>
                  <Show
                    when={session.status === 'ended'}
                    fallback={
                      <A class="button" href={`/live/${session.code}/console`}>
                        Console
                      </A>
                    }
                  >
                    <a class="button button-secondary" href={`/api/live/${session.code}/results?format=csv`} download="">
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
