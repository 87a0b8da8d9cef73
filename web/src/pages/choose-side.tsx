import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { Markdown } from '../components/markdown';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { date, En, rich, t } from '../i18n';
import { session } from '../lib/session';

export default function ChooseSidePage() {
  const params = useParams<{ slug: string }>();
  const [search, setSearch] = useSearchParams<{ side?: string; assignment?: string }>();
  const navigate = useNavigate();
  const [catalog, { refetch }] = createResource(async () => unwrap(await api.scenarios.$get()));
  const scenario = () => catalog()?.find((s) => s.slug === params.slug);
  const side = () => scenario()?.sides.find((s) => s.id === search.side) ?? scenario()?.sides[0];
  const [briefing] = createResource(
    () => (scenario() && side() ? { slug: params.slug, side: side()!.id } : undefined),
    async (param) => unwrap(await api.scenarios[':slug'].sides[':side'].briefing.$get({ param })),
  );
  // A run of this scenario and side still in progress (for an assignment: that assignment's) is offered first.
  const [unfinished] = createResource(
    () => (side() ? { side: side()!.id, assignment: search.assignment } : undefined),
    async ({ side: sideId, assignment }) => {
      if (assignment) {
        if (!session.me()?.user) return null;
        const mine = await unwrap(await api.assignments.$get());
        const a = mine.find((x) => x.id === assignment && x.status === 'in_progress' && x.runId);
        return a ? { id: a.runId!, step: null } : null;
      }
      const runs = await unwrap(await api.runs.$get());
      const run = runs.find(
        (r) => r.status === 'in_progress' && r.scenario.slug === params.slug && r.side === sideId,
      );
      return run ? { id: run.id, step: run.step } : null;
    },
  );
  // A signed-in student's run may count for their LMS course's assignment even from here: say whether it will.
  const [grading] = createResource(
    () =>
      !search.assignment && session.me()?.user && side()
        ? { scenario: params.slug, side: side()!.id }
        : undefined,
    // Only a notice: if the question fails, the page works as before without it.
    async (query) => {
      try {
        return await unwrap(await api.assignments.graded.$get({ query }));
      } catch {
        return null;
      }
    },
  );
  const sideLabel = (id: string | null) => scenario()?.sides.find((s) => s.id === id)?.label ?? id ?? '';
  const [starting, setStarting] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      const { run } = await unwrap(
        await api.runs.$post({
          json: {
            scenario: params.slug,
            side: side()!.id,
            ...(search.assignment ? { assignmentId: search.assignment } : {}),
          },
        }),
      );
      navigate(`/play/${run.id}`);
    } catch (failure) {
      setError(messageOf(failure));
      setStarting(false);
    }
  }

  return (
    <Switch>
      <Match when={catalog.error as unknown}>
        <ErrorNotice message={messageOf(catalog.error)} retry={refetch} />
      </Match>
      <Match when={catalog.loading}>
        <Loading />
      </Match>
      <Match when={!scenario()}>
        <section class="panel">
          <h1>{t('choose.notFound')}</h1>
          <p>
            {t('choose.notFoundBody')} <a href="/">{t('choose.seeAll')}</a>.
          </p>
        </section>
      </Match>
      <Match when={scenario()}>
        {(s) => (
          <>
            <h1 lang="en" dir="auto">
              {s().title}
            </h1>
            <Show when={search.assignment}>
              <p class="notice">{t('choose.forAssignment')}</p>
            </Show>
            <Show when={grading()?.assignment}>
              {(a) => (
                <p class="notice" role="status">
                  {rich(t(a().dueAt ? 'choose.countsForLmsDue' : 'choose.countsForLms'), {
                    course: <bdi>{a().cohortName}</bdi>,
                    due: a().dueAt ? date(a().dueAt!) : '',
                  })}
                </p>
              )}
            </Show>
            <Show when={grading()?.notGraded}>
              {(why) => (
                <p class="notice" role="status">
                  {why().reason === 'not_open'
                    ? rich(t('choose.notGradedNotOpen'), {
                        course: <bdi>{why().cohortName}</bdi>,
                        date: why().opensAt ? date(why().opensAt!) : '',
                      })
                    : rich(t('choose.notGradedOtherSide'), {
                        course: <bdi>{why().cohortName}</bdi>,
                        side: <En>{sideLabel(why().side)}</En>,
                      })}
                </p>
              )}
            </Show>
            <p class="lede" lang="en" dir="auto">
              {s().summary}
            </p>
            <fieldset class="side-picker">
              <legend>{t('choose.chooseSide')}</legend>
              <For each={s().sides}>
                {(option) => (
                  <label class={option.id === side()?.id ? 'side-option selected' : 'side-option'}>
                    <input
                      type="radio"
                      name="side"
                      value={option.id}
                      checked={option.id === side()?.id}
                      onChange={() => setSearch({ side: option.id }, { replace: true })}
                    />
                    <span class="side-name" lang="en" dir="auto">
                      {option.label}
                    </span>
                    <span class="side-actor" lang="en" dir="auto">
                      {option.actor}
                    </span>
                  </label>
                )}
              </For>
            </fieldset>
            <section class="panel briefing" aria-labelledby="briefing-heading" aria-busy={briefing.loading}>
              <h2 id="briefing-heading">
                {rich(t('choose.briefingAs'), { side: <En>{side()?.label}</En> })}
              </h2>
              <Switch>
                <Match when={briefing.error as unknown}>
                  <ErrorNotice message={messageOf(briefing.error)} />
                </Match>
                <Match when={briefing.loading}>
                  <Loading label={t('choose.loadingBriefing')} />
                </Match>
                <Match when={briefing()}>{(b) => <Markdown text={b().briefing} />}</Match>
              </Switch>
            </section>
            <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
            <p class="card-actions">
              <Show when={unfinished()}>
                {(run) => (
                  <A class="button button-large" href={`/play/${run().id}`}>
                    {rich(t('choose.resumeAs'), { side: <En>{side()?.label}</En> })}
                    {run().step !== null ? ` ${t('choose.atDecision', run().step! + 1)}` : ''}
                  </A>
                )}
              </Show>
              <button
                class={unfinished() ? 'button button-large button-secondary' : 'button button-large'}
                type="button"
                onClick={start}
                disabled={starting() || !side()}
              >
                {starting()
                  ? t('choose.starting')
                  : rich(t(unfinished() ? 'choose.startAgainAs' : 'choose.startAs'), {
                      side: <En>{side()?.label ?? ''}</En>,
                    })}
              </button>
            </p>
            <p class="muted">{t('choose.saved', s().estimatedMinutes)}</p>
          </>
        )}
      </Match>
    </Switch>
  );
}
