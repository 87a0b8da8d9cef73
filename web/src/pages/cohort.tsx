import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import type { Grade } from '../../../api/lib/grade';
import { gradeOptions } from '../components/grade-setting';
import { QrCode } from '../components/qr-code';
import { LmsRoster } from '../components/lms-roster';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { formatDate } from '../lib/format';
import { fieldText } from '../lib/form';
import { En, n, rich, t } from '../i18n';
import { FLAGSHIP } from './home';

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
  // The flagship (both sides of the whole crisis) is where a course starts, as on the home page.
  const defaultSlug = () => catalog()?.find((s) => s.slug === FLAGSHIP)?.slug ?? catalog()?.[0]?.slug ?? '';
  const sidesOf = () => catalog()?.find((s) => s.slug === (scenarioSlug() || defaultSlug()))?.sides ?? [];
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
        <Loading label={t('cohort.loading')} />
      </Match>
      <Match when={cohort()}>
        {(c) => (
          <>
            <p class="eyebrow">
              <A href="/teach">{t('teach.title')}</A>
            </p>
            <h1>
              <bdi>{c().name}</bdi>
            </h1>
            <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
            <LmsRoster cohortId={c().id} onSynced={refetch} />

            <section class="panel join-panel" aria-labelledby="join-heading">
              <h2 id="join-heading">{t('cohort.howJoin')}</h2>
              <Show when={c().joinCode} fallback={<p>{t('cohort.joiningOff')}</p>}>
                {(joinCode) => (
                  <div class="join-grid">
                    <div>
                      <p>
                        {t('cohort.code')}{' '}
                        <strong class="join-code" dir="ltr">
                          {joinCode()}
                        </strong>
                      </p>
                      <p>
                        {t('cohort.link')}{' '}
                        <a href={joinLink()} dir="ltr">
                          {joinLink()}
                        </a>
                      </p>
                      <Show when={c().joinCodeExpiresAt}>
                        {(at) => <p class="muted">{t('cohort.worksUntil', { date: formatDate(at()) })}</p>}
                      </Show>
                    </div>
                    <QrCode text={joinLink()} label={t('cohort.qr', { cohort: c().name })} />
                  </div>
                )}
              </Show>
              <p class="play-actions">
                <button class="button button-secondary" type="button" onClick={() => code('regenerate')}>
                  {t('cohort.newCode')}
                </button>
                <Show when={c().joinCode}>
                  <button class="button button-secondary" type="button" onClick={() => code('disable')}>
                    {t('cohort.turnOff')}
                  </button>
                </Show>
              </p>
            </section>

            <section class="panel" aria-labelledby="assignments-heading">
              <h2 id="assignments-heading">{t('cohort.assignments')}</h2>
              <Show
                when={c().assignments.length > 0}
                fallback={<p class="muted">{t('cohort.nothingAssigned')}</p>}
              >
                <ul class="run-list">
                  <For each={c().assignments}>
                    {(a) => (
                      <li class="card run-card">
                        <span>
                          <strong>
                            <En>{a.scenario.title}</En>
                          </strong>{' '}
                          {t('cohort.version', { version: n(a.scenario.version) })} ·{' '}
                          {a.side
                            ? rich(t('cohort.asSide'), { side: <En>{a.side}</En> })
                            : t('cohort.anySide')}
                          {a.dueAt ? ` · ${t('cohort.due', { date: formatDate(a.dueAt) })}` : ''} ·{' '}
                          {t('assigned.gradedBy', {
                            grade: gradeOptions().find(([g]) => g === a.grade)?.[1] ?? a.grade,
                          })}
                        </span>
                        <A class="button" href={`/teach/${c().id}/assignments/${a.id}`}>
                          {t('cohort.results')}
                        </A>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <form class="form assign-form" onSubmit={assign}>
                <h3>{t('cohort.assign')}</h3>
                <label for="assign-scenario">{t('cohort.scenario')}</label>
                <select
                  id="assign-scenario"
                  name="scenario"
                  onChange={(e) => setScenarioSlug(e.currentTarget.value)}
                >
                  <For each={catalog() ?? []}>
                    {(s) => (
                      <option value={s.slug} lang="en" selected={s.slug === defaultSlug()}>
                        {s.title}
                      </option>
                    )}
                  </For>
                </select>
                <label for="assign-side">{t('cohort.side')}</label>
                <select id="assign-side" name="side">
                  <option value="">{t('cohort.studentsChoose')}</option>
                  <For each={sidesOf()}>
                    {(side) => (
                      <option value={side.id} lang="en">
                        {side.label}
                      </option>
                    )}
                  </For>
                </select>
                <label for="assign-opens">{t('cohort.opens')}</label>
                <input id="assign-opens" name="opensAt" type="datetime-local" />
                <label for="assign-due">{t('cohort.dueOptional')}</label>
                <input id="assign-due" name="dueAt" type="datetime-local" />
                <label class="checkbox">
                  <input name="allowStepBack" type="checkbox" /> {t('cohort.allowStepBack')}
                </label>
                <label for="assign-grade">{t('cohort.grade')}</label>
                <select id="assign-grade" name="grade">
                  <For each={gradeOptions()}>
                    {([value, label]) => <option value={value}>{label}</option>}
                  </For>
                </select>
                <button class="button" type="submit">
                  {t('cohort.assignButton')}
                </button>
              </form>
            </section>

            <section class="panel" aria-labelledby="students-heading">
              <h2 id="students-heading">{t('cohort.students', c().members.length)}</h2>
              <Show when={c().members.length > 0} fallback={<p class="muted">{t('cohort.noStudents')}</p>}>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="students-heading">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('cohort.name')}</th>
                        <th scope="col">{t('cohort.email')}</th>
                        <th scope="col">{t('cohort.joined')}</th>
                        <th scope="col">
                          <span class="visually-hidden">{t('cohort.actions')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={c().members}>
                        {(m) => (
                          <tr>
                            <th scope="row">
                              <bdi>{m.displayName}</bdi>
                            </th>
                            <td dir="ltr">{m.email}</td>
                            <td>{formatDate(m.joinedAt)}</td>
                            <td>
                              <button
                                type="button"
                                class="link-button danger"
                                aria-label={t('cohort.removeLabel', { name: m.displayName })}
                                onClick={() => {
                                  if (
                                    confirm(
                                      t('cohort.confirmRemove', { name: m.displayName, cohort: c().name }),
                                    )
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
                                {t('cohort.remove')}
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
              <h2 id="instructors-heading">{t('cohort.instructors')}</h2>
              <ul>
                <For each={c().instructors}>
                  {(i) => (
                    <li>
                      <bdi>{i.displayName}</bdi> (<bdi dir="ltr">{i.email}</bdi>)
                    </li>
                  )}
                </For>
              </ul>
              <Show when={c().invitations.length > 0}>
                <h3>{t('cohort.invited')}</h3>
                <ul>
                  <For each={c().invitations}>
                    {(i) => (
                      <li>
                        <bdi dir="ltr">{i.email}</bdi>{' '}
                        <button
                          class="button button-secondary"
                          type="button"
                          aria-label={t('cohort.withdrawLabel', { email: i.email })}
                          onClick={() => void withdraw(i.id)}
                        >
                          {t('cohort.withdraw')}
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <form class="form inline-form" onSubmit={inviteInstructor}>
                <label for="co-instructor">{t('cohort.invite')}</label>
                <input id="co-instructor" name="email" type="email" required />
                <button class="button button-secondary" type="submit">
                  {t('cohort.inviteButton')}
                </button>
              </form>
              <p class="hint" role="status">
                {invited()
                  ? rich(t('cohort.inviteRecorded'), { email: <bdi dir="ltr">{invited()}</bdi> })
                  : t('cohort.inviteHint')}
              </p>
            </section>
          </>
        )}
      </Match>
    </Switch>
  );
}
