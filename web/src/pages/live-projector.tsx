import { useParams } from '@solidjs/router';
import { createEffect, For, onCleanup, onMount, Show } from 'solid-js';
import { LiveEndingHead, LiveRoomPath } from '../components/live-debrief';
import { LiveEvent } from '../components/live-event';
import { Markdown } from '../components/markdown';
import { MetricsChart } from '../components/metrics-chart';
import { PathNotes } from '../components/path-notes';
import { QrCode } from '../components/qr-code';
import { Rotator } from '../components/rotator';
import { Loading } from '../components/status';
import { AnswerBars, PointsBoard } from '../components/live-question';
import { SourcesList } from '../components/sources-list';
import { TallyBars } from '../components/tally-bars';
import { connectLive, type LiveState } from '../lib/live';
import { useCountdown } from './live-participant';
import { En, rich, t } from '../i18n';

/** Reasons per page on the projector: a page is read from the back of a room before it turns. */
const REASONS_PER_PAGE = 6;

/**
 * Shrinks the projector's type (its root size, so every rem follows) until the stage's content fits without
 * scrolling, down to half; the type otherwise scales with the screen's height (styles.css).
 */
function fitStage(stage: HTMLElement) {
  const root = document.documentElement;
  let fit = 1;
  root.style.setProperty('--fit', '1');
  while (stage.scrollHeight > stage.clientHeight + 1 && fit > 0.5) {
    fit -= 0.05;
    root.style.setProperty('--fit', fit.toFixed(2));
  }
}

/**
 * `/live/:code/projector`: the room's screen, a full-screen stage for a 16:9 projector without the site's menu (see
 * app.tsx). Nothing scrolls: the type scales with the screen and shrinks to fit, long reasons and the debrief turn
 * as pages, the join box has its own place in the footer, and empty panels do not show.
 */
export default function LiveProjectorPage() {
  const params = useParams<{ code: string }>();
  const live = connectLive(params.code, 'projector');
  const secondsLeft = useCountdown(() => live.state()?.round?.closesAt);
  const questionSecondsLeft = useCountdown(() => live.state()?.question?.closesAt);
  const joinLink = () => `${location.origin}/live/${params.code}`;
  const joined = () => {
    const p = live.state()?.participants;
    return Array.isArray(p) ? p.length : (p ?? 0);
  };
  // In team mode only the deciding team votes, so "2 of 3 voted" counts that team.
  const voters = () => {
    const s = live.state();
    const side = s?.mode === 'teams' ? s.decision?.side : null;
    const p = s?.participants;
    return side && Array.isArray(p) ? p.filter((x) => x.team === side).length : joined();
  };
  const teamLabel = (id: string | null | undefined) =>
    live.state()?.teams.find((t) => t.id === id)?.label ?? id ?? '';
  // During a vote the bars stay hidden unless the facilitator shows them, so the room is not swayed by the count.
  const barsShown = () => live.state()?.round?.status === 'closed' || !!live.state()?.projector.tally;

  let stage: HTMLDivElement | undefined;
  const refit = () => requestAnimationFrame(() => stage && fitStage(stage));
  onMount(() => {
    document.documentElement.classList.add('projector-screen');
    window.addEventListener('resize', refit);
  });
  onCleanup(() => {
    document.documentElement.classList.remove('projector-screen');
    document.documentElement.style.removeProperty('--fit');
    window.removeEventListener('resize', refit);
  });
  createEffect(() => {
    live.state();
    live.tally();
    refit();
  });

  return (
    <div class="projector">
      <Show when={live.state()} fallback={<Loading label={t('live.connecting')} />}>
        {(s) => (
          <>
            <div class="projector-stage" ref={stage}>
              <div class="projector-main">
                <Show when={s().question}>
                  {(q) => (
                    <section
                      class="projector-decision projector-question"
                      aria-labelledby="projector-question"
                    >
                      <p class="projector-team">{t('live.questionForRoom')}</p>
                      <div id="projector-question" class="projector-body">
                        <Markdown text={q().prompt} />
                      </div>
                      <p class="timer" role="timer">
                        {q().status === 'open'
                          ? s().paused
                            ? t('live.paused')
                            : t('live.secondsLeft', questionSecondsLeft() ?? 0)
                          : q().status === 'closed'
                            ? t('live.timeUp')
                            : t('live.theAnswer')}{' '}
                        · {t('live.projectorAnsweredOf', q().answers, joined())}
                      </p>
                      <Show
                        when={q().counts}
                        fallback={
                          <ol class="projector-choices">
                            <For each={q().options}>{(o) => <li>{o.label}</li>}</For>
                          </ol>
                        }
                      >
                        <AnswerBars question={q()} large />
                      </Show>
                      <Show when={q().status === 'revealed' && q().explanation}>
                        <div class="projector-body projector-explanation">
                          <Markdown text={q().explanation!} />
                          <SourcesList sources={q().sources ?? []} title={t('live.projectorSources')} open />
                        </div>
                      </Show>
                    </section>
                  )}
                </Show>
                <Show when={!s().question && s().event}>
                  {(event) => <LiveEvent event={event()} large />}
                </Show>
                <Show when={s().phase === 'lobby' && !s().question}>
                  <div class="projector-lobby">
                    <div>
                      <h1 lang="en" dir="auto">
                        {s().scenario.title}
                      </h1>
                      <p class="projector-lobby-code">
                        <span class="projector-code">{s().code}</span>
                      </p>
                      <p>{joinLink()}</p>
                      <p>{t('live.projectorJoined', joined())}</p>
                    </div>
                    <QrCode text={joinLink()} label={t('live.projectorQr', { code: s().code })} />
                  </div>
                </Show>
                <Show when={s().phase === 'deciding' && !s().question && !s().event && s().decision}>
                  {(decision) => (
                    <section class="projector-decision" aria-labelledby="projector-title">
                      <Show when={s().mode === 'teams' && decision().side}>
                        <p class="projector-team">
                          {rich(t('live.projectorTeamDecides'), {
                            team: <En>{teamLabel(decision().side)}</En>,
                          })}
                        </p>
                      </Show>
                      <h1 id="projector-title">{decision().title}</h1>
                      <Show
                        when={s().round?.reasons?.some((g) => g.reasons.length > 0)}
                        fallback={
                          <div class="projector-body">
                            <Markdown text={decision().body} />
                          </div>
                        }
                      >
                        {/* With the reasons up, the dilemma steps aside for them (the room has read it). */}
                        <span />
                      </Show>
                      <Show when={s().round}>
                        {(round) => (
                          <>
                            <p class="timer" role="timer">
                              {round().status === 'open'
                                ? s().paused
                                  ? t('live.paused')
                                  : t('live.secondsLeft', secondsLeft() ?? 0)
                                : t('live.projectorVotingClosed')}{' '}
                              · {t('live.projectorVotedOf', round().votes, voters())}
                            </p>
                            <Show
                              when={barsShown()}
                              fallback={
                                <ol class="projector-choices">
                                  <For each={decision().choices}>{(c) => <li>{c.label}</li>}</For>
                                </ol>
                              }
                            >
                              <TallyBars choices={decision().choices} tally={live.tally() ?? {}} large />
                            </Show>
                            <Show when={round().reasons}>
                              {(groups) => <Reasons groups={groups()} onPage={refit} />}
                            </Show>
                          </>
                        )}
                      </Show>
                    </section>
                  )}
                </Show>
                <Show when={s().ending}>
                  <ProjectorDebrief state={s()} onPage={refit} />
                </Show>
              </div>
              <Show when={s().board && s().board!.length > 0}>
                <PointsBoard board={s().board!} large />
              </Show>
            </div>
            <footer class="projector-footer">
              <Show when={s().path.length > 0 && !s().ending}>
                <ol class="projector-path" aria-label={t('live.projectorPath')}>
                  <Show when={s().path.length > 2}>
                    <li class="muted">{t('live.projectorEarlier', s().path.length - 2)}</li>
                  </Show>
                  <For each={s().path.slice(-2)}>
                    {(step) => (
                      <li>
                        {step.title}: <strong>{step.choice}</strong>
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
              <Show when={s().metrics.some((m) => m.owner === 'shared') && !s().ending}>
                <ul class="projector-metrics">
                  <For each={s().metrics.filter((m) => m.owner === 'shared')}>
                    {(m) => (
                      <li>
                        {m.label}: <strong>{m.value}</strong>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={s().phase !== 'lobby' || s().question}>
                <aside class="projector-join" aria-label={t('live.projectorHowToJoin')}>
                  <span>{t('live.projectorJoinAt', { link: joinLink() })}</span>
                  <strong class="projector-code">{s().code}</strong>
                </aside>
              </Show>
            </footer>
          </>
        )}
      </Show>
    </div>
  );
}

/** The reasons after the reveal, a page of them at a time. */
function Reasons(props: {
  groups: NonNullable<NonNullable<LiveState['round']>['reasons']>;
  onPage: () => void;
}) {
  const items = () =>
    props.groups.flatMap((g) => g.reasons.map((r) => ({ label: g.label, reason: r.reason })));
  const pages = () =>
    Array.from({ length: Math.ceil(items().length / REASONS_PER_PAGE) }, (_, i) => () => (
      <ul class="projector-reasons">
        <For each={items().slice(i * REASONS_PER_PAGE, (i + 1) * REASONS_PER_PAGE)}>
          {(item) => (
            <li>
              “{item.reason}”{' '}
              <span class="muted">
                · <En>{item.label}</En>
              </span>
            </li>
          )}
        </For>
      </ul>
    ));
  return (
    <Show when={items().length > 0}>
      <section aria-label={t('live.projectorReasons')}>
        <Rotator pages={pages()} label={t('live.projectorReasons')} seconds={10} onPage={props.onPage} />
      </section>
    </Show>
  );
}

/** The end on the projector, as pages: the ending and the path, the indicators, what happened, the questions. */
function ProjectorDebrief(props: { state: LiveState; onPage: () => void }) {
  const ending = () => props.state.ending!;
  const pages = () => {
    const list: (() => ReturnType<typeof Markdown>)[] = [
      () => (
        <>
          <LiveEndingHead state={props.state} />
          <LiveRoomPath state={props.state} />
        </>
      ),
    ];
    if (ending().timeline.length > 0)
      list.push(() => (
        <>
          <h2>{t('live.indicators')}</h2>
          <MetricsChart metrics={props.state.metrics} timeline={ending().timeline} />
        </>
      ));
    const debrief = ending().debrief;
    if (debrief) {
      list.push(() => (
        <>
          <h2>{t('debrief.whatReally')}</h2>
          <Markdown text={debrief.whatHappened} />
          <PathNotes notes={debrief.pathNotes} heading={t('live.roomRun')} id="live-path-notes" />
        </>
      ));
      if (debrief.questions.length > 0)
        list.push(() => (
          <>
            <h2>{t('debrief.discussion')}</h2>
            <ol lang="en" dir="auto">
              <For each={debrief.questions}>{(q) => <li>{q}</li>}</For>
            </ol>
          </>
        ));
    }
    return list;
  };
  return (
    <section class="projector-decision projector-debrief" aria-label={t('live.projectorEnd')}>
      <Rotator pages={pages()} label={t('live.projectorDebrief')} seconds={20} onPage={props.onPage} />
    </section>
  );
}
