import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { GRADE_LABELS, type Grade } from '../../../api/lib/grade';
import { QrCode } from '../components/qr-code';
import { LmsRoster } from '../components/lms-roster';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { formatDate } from '../lib/format';
import { fieldText } from '../lib/form';

/** `/teach/:id`: a cohort's join code, students, co-instructors and assignments. */
export default function CohortPage() {
  const params = useParams<{ id: string }>();
  const [cohort, { refetch, mutate }] = createResource(
    () => params.id,
    async (id) => unwrap(await api.cohorts[':id'].$get({ param: { id } })),
  );
  const [catalog] = createResource(async () => unwrap(await api.scenarios.$get()));
  const [error, setError] = createSignal<string | null>(null);
  const [scenarioSlug, setScenarioSlug] = createSignal('');
  const sidesOf = () =>
    catalog()?.find((s) => s.slug === (scenarioSlug() || catalog()?.[0]?.slug))?.sides ?? [];
  const joinLink = () => `${location.origin}/join/${cohort()?.joinCode ?? ''}`;

  /** Runs an action, shows its error if any, then reloads the cohort. */
  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await refetch();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  const code = (action: 'regenerate' | 'disable') =>
    act(async () => {
      const next = await unwrap(
        await api.cohorts[':id'].code.$post({ param: { id: params.id }, json: { action } }),
      );
      mutate((c) => (c ? { ...c, ...next } : c));
    });

  const [invited, setInvited] = createSignal<string | null>(null);

  function inviteInstructor(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const email = fieldText(new FormData(form), 'email');
    setInvited(null);
    void act(async () => {
      await unwrap(await api.cohorts[':id'].instructors.$post({ param: { id: params.id }, json: { email } }));
      form.reset();
      setInvited(email);
    });
  }

  const withdraw = (invitationId: string) =>
    act(async () =>
      unwrap(
        await api.cohorts[':id'].invitations[':invitationId'].$delete({
          param: { id: params.id, invitationId },
        }),
      ),
    );

  function assign(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const date = (name: string) => (fieldText(form, name) ? new Date(fieldText(form, name)).getTime() : null);
    void act(async () =>
      unwrap(
        await api.cohorts[':id'].assignments.$post({
          param: { id: params.id },
          json: {
            scenario: fieldText(form, 'scenario'),
            side: fieldText(form, 'side') || null,
            opensAt: date('opensAt'),
            dueAt: date('dueAt'),
            allowStepBack: form.get('allowStepBack') === 'on',
            grade: (fieldText(form, 'grade') as Grade) || 'score',
          },
        }),
      ),
    );
  }

  return (
    <Switch>
      <Match when={cohort.error as unknown}>
        <ErrorNotice message={messageOf(cohort.error)} retry={refetch} />
      </Match>
      <Match when={!cohort()}>
        <Loading label="Loading the cohort…" />
      </Match>
      <Match when={cohort()}>
        {(c) => (
          <>
            <p class="eyebrow">
              <A href="/teach">Teaching</A>
            </p>
            <h1>{c().name}</h1>
            <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
            <LmsRoster cohortId={c().id} onSynced={refetch} />

            <section class="panel join-panel" aria-labelledby="join-heading">
              <h2 id="join-heading">How students join</h2>
              <Show
                when={c().joinCode}
                fallback={<p>Joining is turned off. Generate a new code to let students join.</p>}
              >
                {(joinCode) => (
                  <div class="join-grid">
                    <div>
                      <p>
                        Code: <strong class="join-code">{joinCode()}</strong>
                      </p>
                      <p>
                        Link: <a href={joinLink()}>{joinLink()}</a>
                      </p>
                      <Show when={c().joinCodeExpiresAt}>
                        {(at) => <p class="muted">Works until {formatDate(at())}.</p>}
                      </Show>
                    </div>
                    <QrCode text={joinLink()} label={`QR code for joining ${c().name}`} />
                  </div>
                )}
              </Show>
              <p class="play-actions">
                <button class="button button-secondary" type="button" onClick={() => code('regenerate')}>
                  New code
                </button>
                <Show when={c().joinCode}>
                  <button class="button button-secondary" type="button" onClick={() => code('disable')}>
                    Turn joining off
                  </button>
                </Show>
              </p>
            </section>

            <section class="panel" aria-labelledby="assignments-heading">
              <h2 id="assignments-heading">Assignments</h2>
              <Show when={c().assignments.length > 0} fallback={<p class="muted">Nothing assigned yet.</p>}>
                <ul class="run-list">
                  <For each={c().assignments}>
                    {(a) => (
                      <li class="card run-card">
                        <span>
                          <strong>{a.scenario.title}</strong> (version {a.scenario.version}) ·{' '}
                          {a.side ? `as ${a.side}` : 'side of their choice'}
                          {a.dueAt ? ` · due ${formatDate(a.dueAt)}` : ''}
                        </span>
                        <A class="button" href={`/teach/${c().id}/assignments/${a.id}`}>
                          Results
                        </A>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <form class="form assign-form" onSubmit={assign}>
                <h3>Assign a scenario</h3>
                <label for="assign-scenario">Scenario</label>
                <select
                  id="assign-scenario"
                  name="scenario"
                  onChange={(e) => setScenarioSlug(e.currentTarget.value)}
                >
                  <For each={catalog() ?? []}>{(s) => <option value={s.slug}>{s.title}</option>}</For>
                </select>
                <label for="assign-side">Side</label>
                <select id="assign-side" name="side">
                  <option value="">Students choose</option>
                  <For each={sidesOf()}>{(side) => <option value={side.id}>{side.label}</option>}</For>
                </select>
                <label for="assign-opens">Opens (optional)</label>
                <input id="assign-opens" name="opensAt" type="datetime-local" />
                <label for="assign-due">Due (optional)</label>
                <input id="assign-due" name="dueAt" type="datetime-local" />
                <label class="checkbox">
                  <input name="allowStepBack" type="checkbox" /> Allow stepping back
                </label>
                <label for="assign-grade">Grade (CSV and LMS gradebook)</label>
                <select id="assign-grade" name="grade">
                  <For each={Object.entries(GRADE_LABELS)}>
                    {([value, label]) => <option value={value}>{label}</option>}
                  </For>
                </select>
                <button class="button" type="submit">
                  Assign
                </button>
              </form>
            </section>

            <section class="panel" aria-labelledby="students-heading">
              <h2 id="students-heading">Students ({c().members.length})</h2>
              <Show
                when={c().members.length > 0}
                fallback={<p class="muted">No students yet. Share the code or the link.</p>}
              >
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="students-heading">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Email</th>
                        <th scope="col">Joined</th>
                        <th scope="col">
                          <span class="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={c().members}>
                        {(m) => (
                          <tr>
                            <th scope="row">{m.displayName}</th>
                            <td>{m.email}</td>
                            <td>{formatDate(m.joinedAt)}</td>
                            <td>
                              <button
                                type="button"
                                class="link-button danger"
                                onClick={() => {
                                  if (
                                    confirm(`Remove ${m.displayName} from ${c().name}? Their runs are kept.`)
                                  ) {
                                    void act(async () =>
                                      unwrap(
                                        await api.cohorts[':id'].members[':userId'].$delete({
                                          param: { id: c().id, userId: m.id },
                                        }),
                                      ),
                                    );
                                  }
                                }}
                              >
                                Remove<span class="visually-hidden"> {m.displayName}</span>
                              </button>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            </section>

            <section class="panel" aria-labelledby="instructors-heading">
              <h2 id="instructors-heading">Instructors</h2>
              <ul>
                <For each={c().instructors}>
                  {(i) => (
                    <li>
                      {i.displayName} ({i.email})
                    </li>
                  )}
                </For>
              </ul>
              <Show when={c().invitations.length > 0}>
                <h3>Invited, not yet accepted</h3>
                <ul>
                  <For each={c().invitations}>
                    {(i) => (
                      <li>
                        {i.email}{' '}
                        <button
                          class="button button-secondary"
                          type="button"
                          onClick={() => void withdraw(i.id)}
                        >
                          Withdraw<span class="visually-hidden"> the invitation to {i.email}</span>
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <form class="form inline-form" onSubmit={inviteInstructor}>
                <label for="co-instructor">Invite a co-instructor by email</label>
                <input id="co-instructor" name="email" type="email" required />
                <button class="button button-secondary" type="submit">
                  Invite
                </button>
              </form>
              <p class="hint" role="status">
                {invited()
                  ? `Invitation recorded for ${invited()}. They become a co-instructor when they accept it on their Teach page, with an instructor account.`
                  : 'Co-instructors see this cohort, and what you share with your cohorts, only once they accept.'}
              </p>
            </section>
          </>
        )}
      </Match>
    </Switch>
  );
}
