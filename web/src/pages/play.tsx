import { A, useNavigate, useParams } from '@solidjs/router';
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  Match,
  onCleanup,
  Show,
  Switch,
} from 'solid-js';
import { CheckCard, FoldedCheckCard } from '../components/check-card';
import { DamagedRunPanel } from '../components/damaged-run-panel';
import { DecisionPanel } from '../components/decision-panel';
import { Markdown } from '../components/markdown';
import { MetricGauges } from '../components/metric-gauges';
import { OutcomePanel } from '../components/outcome-panel';
import { ErrorNotice, Loading } from '../components/status';
import { deltaClass, Timeline } from '../components/timeline';
import { ApiFailure, api, messageOf, unwrap } from '../lib/api';
import { signed } from '../lib/format';
import { En, n, rich, t } from '../i18n';
import { Debrief } from './debrief';

type RunWithView = Awaited<ReturnType<typeof loadRun>>;

async function loadRun(id: string) {
  return unwrap(await api.runs[':id'].$get({ param: { id } }));
}

export default function PlayPage() {
  const params = useParams<{ id: string }>();
  const [loaded, { refetch }] = createResource(() => params.id, loadRun);
  const [current, setCurrent] = createSignal<RunWithView>();
  // Read only once ready: reading a failed resource throws its error, uncaught in an effect.
  createEffect(() => {
    if (loaded.state === 'ready') setCurrent(loaded());
  });
  const view = () => current()?.view;
  const run = () => current()?.run;

  const [selected, setSelected] = createSignal<string | null>(null);
  const [justification, setJustification] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  let outcomeHeading: HTMLHeadingElement | undefined;
  let decisionHeading: HTMLHeadingElement | undefined;

  // What happened since the player's last decision: its outcome, then the other side's moves and events.
  const lastDecisionIndex = createMemo(() => {
    const timeline = view()?.timeline ?? [];
    for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i]!.kind === 'decision') return i;
    return -1;
  });
  const outcome = () => (lastDecisionIndex() >= 0 ? view()!.timeline[lastDecisionIndex()] : undefined);
  const since = () => view()?.timeline.slice(lastDecisionIndex() + 1) ?? [];
  const lastChanges = createMemo(() => {
    const changes: Record<string, number> = {};
    for (const entry of view()?.timeline.slice(Math.max(0, lastDecisionIndex())) ?? []) {
      for (const [id, delta] of Object.entries(entry.changes)) changes[id] = (changes[id] ?? 0) + delta;
    }
    return changes;
  });

  async function apply(action: Promise<RunWithView>, after: 'outcome' | 'decision') {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setCurrent(await action);
      setSelected(null);
      setJustification('');
      queueMicrotask(() =>
        (after === 'outcome' && outcomeHeading ? outcomeHeading : decisionHeading)?.focus(),
      );
    } catch (failure) {
      // A stale step (another tab, a retry) comes back with the run as it is now: catch up and say so.
      if (
        failure instanceof ApiFailure &&
        failure.status === 409 &&
        failure.details &&
        typeof failure.details === 'object' &&
        'view' in failure.details
      ) {
        setCurrent(failure.details as RunWithView);
        setSelected(null);
        setNotice(t('status.caughtUp', { message: failure.message }));
      } else {
        setError(messageOf(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  function decide(choiceId = selected()) {
    const v = view();
    if (!v?.decision || !choiceId || busy()) return;
    const text = justification().trim();
    void apply(
      (async () =>
        unwrap(
          await api.runs[':id'].choices.$post({
            param: { id: params.id },
            json: { step: v.step, choiceId, ...(text ? { justification: text } : {}) },
          }),
        ))(),
      'outcome',
    );
  }

  // Questions answered on this page stay on it, folded to one line (opening to the whole card), so they never push
  // the decision down; the latest keeps its explanation open until the next answer or decision. Earlier ones are in
  // the debrief's summary. Each is kept with the step it was answered at, in the order answered.
  const [justAnswered, setJustAnswered] = createSignal<ReadonlyMap<string, number>>(new Map());
  const folded = (c: { checkId: string; slot: string }) => {
    const keys = [...justAnswered().keys()];
    const latest = keys.at(-1) === checkKey(c);
    return !latest || (view()?.step ?? 0) > (justAnswered().get(checkKey(c)) ?? Infinity);
  };
  const checkKey = (c: { checkId: string; slot: string }) => `${c.checkId}@${c.slot}`;
  const playChecks = () =>
    (current()?.checks.items ?? []).filter(
      (c) => c.slot !== 'after' && (!c.answer || justAnswered().has(checkKey(c))),
    );
  async function answer(check: { checkId: string; slot: 'before' | 'node' | 'after' }, optionIds: string[]) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await unwrap(
        await api.runs[':id'].answers.$post({
          param: { id: params.id },
          json: { checkId: check.checkId, slot: check.slot, optionIds },
        }),
      );
      setCurrent(next);
      setJustAnswered(new Map([...justAnswered(), [checkKey(check), next.view.step]]));
    } catch (failure) {
      if (
        failure instanceof ApiFailure &&
        failure.status === 409 &&
        failure.details &&
        typeof failure.details === 'object' &&
        'checks' in failure.details
      ) {
        setCurrent(failure.details as RunWithView);
        setNotice(t('status.caughtUp', { message: failure.message }));
      } else {
        setError(messageOf(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  const stepBack = () =>
    apply(
      (async () => unwrap(await api.runs[':id']['step-back'].$post({ param: { id: params.id } })))(),
      'decision',
    );

  // A damaged run (its record no longer replays) cannot go on: the player may abandon it or start the scenario again.
  const navigate = useNavigate();
  const damaged = () => current()?.damage;
  async function abandon(thenRestart: boolean) {
    const loadedRun = run();
    if (!loadedRun || busy()) return;
    setBusy(true);
    setError(null);
    try {
      if (loadedRun.status === 'in_progress') {
        const abandoned = await unwrap(await api.runs[':id'].abandon.$post({ param: { id: params.id } }));
        setCurrent((value) => (value ? { ...value, run: abandoned } : value));
      }
      if (thenRestart) navigate(`/scenarios/${loadedRun.scenario.slug}`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  // Number keys pick a choice, Enter decides; typing in the justification box is left alone.
  function onKey(event: KeyboardEvent) {
    const choices = view()?.decision?.choices;
    if (!choices || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    // Keys inside a question card belong to its own options.
    if (target.closest('.check-card')) return;
    const typing =
      target.tagName === 'TEXTAREA' ||
      (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text');
    // Persian and Urdu keyboards type their own digits (۱ ۲ ۳, or Arabic-Indic ١ ٢ ٣) on the number row.
    const digit = event.key.replace(/[\u06F0-\u06F9\u0660-\u0669]/, (d) =>
      String((d.charCodeAt(0) - 0x0660) % 0x90),
    );
    if (/^[1-9]$/.test(digit) && !typing) {
      const choice = choices[Number(digit) - 1];
      if (choice) {
        setSelected(choice.id);
        document.getElementById(`choice-${choice.id}`)?.focus();
        event.preventDefault();
      }
    } else if (event.key === 'Enter' && selected() && target.tagName !== 'BUTTON' && target.tagName !== 'A') {
      event.preventDefault();
      decide();
    }
  }
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));

  // A decision with a time limit makes its default choice when the time runs out (the server records it).
  const [secondsLeft, setSecondsLeft] = createSignal<number | null>(null);
  createEffect(() => {
    const limit = view()?.decision?.timeLimit;
    setSecondsLeft(limit ? limit.seconds : null);
    if (!limit) return;
    const timer = setInterval(() => {
      const left = (secondsLeft() ?? 0) - 1;
      setSecondsLeft(left);
      if (left <= 0) {
        clearInterval(timer);
        decide(selected() ?? limit.defaultChoice);
      }
    }, 1000);
    onCleanup(() => clearInterval(timer));
  });

  return (
    <Switch>
      <Match when={loaded.error instanceof ApiFailure && loaded.error.status === 404 && !current()}>
        <section class="panel">
          <h1>{t('play.notFound')}</h1>
          <p>{t('play.notYours')}</p>
          <p>
            <A href="/progress">{t('play.yourRuns')}</A> · <A href="/">{t('play.allScenarios')}</A>
          </p>
        </section>
      </Match>
      <Match when={(loaded.error as unknown) && !current()}>
        <ErrorNotice message={messageOf(loaded.error)} retry={refetch}>
          <p>
            <A href="/progress">{t('play.yourRuns')}</A> · <A href="/">{t('play.allScenarios')}</A>
          </p>
        </ErrorNotice>
      </Match>
      <Match when={!current()}>
        <Loading label={t('play.loading')} />
      </Match>
      <Match when={view()}>
        {(v) => (
          <div class="play-layout">
            <div class="play-main">
              <header class="play-header">
                <p class="eyebrow">
                  {rich(t('play.playingAs'), {
                    scenario: <En>{v().scenario.title}</En>,
                    side: (
                      <strong>
                        <En>{v().side.label}</En>
                      </strong>
                    ),
                  })}
                </p>
                <Show when={v().status === 'deciding'}>
                  <p class="muted">{t('play.decisionN', v().step + 1)}</p>
                </Show>
                {/* On a phone the gauges sit below the decision: a one-line summary here, linking to them. */}
                <a class="metric-strip" href="#gauges-heading">
                  <span class="visually-hidden">{t('play.yourIndicators')}: </span>
                  <For each={v().metrics}>
                    {(m) => (
                      <span class="metric-chip">
                        <En>{m.label}</En> <strong>{n(m.value)}</strong>
                        <Show when={lastChanges()?.[m.id]}>
                          {(delta) => (
                            <span class={`delta ${deltaClass(delta(), m.goodWhen)}`}>{signed(delta())}</span>
                          )}
                        </Show>
                      </span>
                    )}
                  </For>
                </a>
              </header>

              <Show when={notice()}>
                {(message) => (
                  <p class="notice" role="status">
                    {message()}
                  </p>
                )}
              </Show>
              <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>

              <Show when={damaged()}>
                {(damage) => (
                  <DamagedRunPanel
                    step={damage().step}
                    canAbandon={run()?.status === 'in_progress'}
                    busy={busy()}
                    onAbandon={(thenRestart) => void abandon(thenRestart)}
                  />
                )}
              </Show>

              <Show when={v().step === 0 && v().status === 'deciding'}>
                <details class="panel briefing-recap">
                  <summary>{t('play.yourBriefing')}</summary>
                  <Markdown text={v().briefing} />
                </details>
              </Show>

              <Show when={outcome() || since().length > 0}>
                <OutcomePanel
                  outcome={outcome()}
                  since={since()}
                  metrics={v().metrics}
                  headingRef={(element) => (outcomeHeading = element)}
                />
              </Show>

              <For each={playChecks()}>
                {(check) => (
                  <Show
                    when={check.answer && folded(check)}
                    fallback={
                      <CheckCard check={check} busy={busy()} onAnswer={(ids) => void answer(check, ids)} />
                    }
                  >
                    <FoldedCheckCard check={check} />
                  </Show>
                )}
              </For>

              <Show when={!damaged() && v().decision}>
                {(decision) => (
                  <DecisionPanel
                    decision={decision()}
                    sideLabel={v().side.label}
                    busy={busy()}
                    selected={selected()}
                    onSelect={setSelected}
                    justification={justification()}
                    onJustification={setJustification}
                    secondsLeft={secondsLeft()}
                    onDecide={() => decide()}
                    headingRef={(element) => (decisionHeading = element)}
                  />
                )}
              </Show>

              <Show when={v().ending}>
                {(ending) => (
                  <Debrief
                    runId={params.id}
                    view={v()}
                    ending={ending()}
                    checks={current()!.checks}
                    busy={busy()}
                    onAnswer={(check, ids) => void answer(check, ids)}
                  />
                )}
              </Show>

              <div class="play-actions">
                <Show when={!damaged() && run()?.allowStepBack && v().step > 0}>
                  <button class="button button-secondary" type="button" onClick={stepBack} disabled={busy()}>
                    {t('play.stepBack')}
                  </button>
                </Show>
                <Show when={v().status === 'deciding'}>
                  <A class="button button-secondary" href="/progress">
                    {t('play.leave')}
                  </A>
                </Show>
              </div>
            </div>

            <aside class="play-side" aria-label={t('play.asideLabel')}>
              <MetricGauges metrics={v().metrics} changes={lastChanges()} sideLabel={v().side.label} />
              <details class="panel timeline-panel" open={v().timeline.length < 6}>
                <summary>
                  <h2>{t('play.timeline', v().timeline.length)}</h2>
                </summary>
                <Timeline entries={v().timeline} metrics={v().metrics} />
              </details>
            </aside>
          </div>
        )}
      </Match>
    </Switch>
  );
}
