import { useParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { LiveEvent } from '../components/live-event';
import { Markdown } from '../components/markdown';
import { QrCode } from '../components/qr-code';
import { Loading } from '../components/status';
import { LiveDebrief } from '../components/live-debrief';
import { AnswerBars, PointsBoard } from '../components/live-question';
import { SourcesList } from '../components/sources-list';
import { TallyBars } from '../components/tally-bars';
import { connectLive } from '../lib/live';
import { useCountdown } from './live-participant';

/** `/live/:code/projector`: the room's screen, full-screen without the site's menu (see app.tsx), in large type. */
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
  return (
    <div class="projector">
      <Show when={live.state()} fallback={<Loading label="Connecting…" />}>
        {(s) => (
          <>
            <aside class="projector-join" aria-label="How to join">
              <span>Join at {joinLink()} with the code</span>
              <strong class="projector-code">{s().code}</strong>
            </aside>
            <Show when={s().question}>
              {(q) => (
                <section class="projector-decision projector-question" aria-labelledby="projector-question">
                  <p class="projector-team">A question for the room</p>
                  <div id="projector-question" class="projector-body">
                    <Markdown text={q().prompt} />
                  </div>
                  <p class="timer" role="timer">
                    {q().status === 'open'
                      ? s().paused
                        ? 'Paused'
                        : `${questionSecondsLeft() ?? ''} s left`
                      : q().status === 'closed'
                        ? 'Time is up'
                        : 'The answer'}{' '}
                    · {q().answers} of {joined()} answered
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
                    <div class="projector-body">
                      <Markdown text={q().explanation!} />
                      <SourcesList sources={q().sources ?? []} title="Sources" open />
                    </div>
                  </Show>
                </section>
              )}
            </Show>
            <Show when={s().board}>{(board) => <PointsBoard board={board()} large />}</Show>
            <Show when={s().phase === 'lobby' && !s().question}>
              <div class="projector-lobby">
                <div>
                  <h1>{s().scenario.title}</h1>
                  <p class="projector-lobby-code">{s().code}</p>
                  <p>{joinLink()}</p>
                  <p>{joined()} joined</p>
                </div>
                <QrCode text={joinLink()} label={`QR code to join session ${s().code}`} />
              </div>
            </Show>
            <Show when={!s().question && s().event}>{(event) => <LiveEvent event={event()} large />}</Show>
            <Show when={s().phase !== 'lobby' && !s().question && !s().event && s().decision}>
              {(decision) => (
                <section class="projector-decision" aria-labelledby="projector-title">
                  <Show when={s().mode === 'teams' && decision().side}>
                    <p class="projector-team">Team {teamLabel(decision().side)} decides</p>
                  </Show>
                  <h1 id="projector-title">{decision().title}</h1>
                  <div class="projector-body">
                    <Markdown text={decision().body} />
                  </div>
                  <Show when={s().round}>
                    {(round) => (
                      <>
                        <p class="timer" role="timer">
                          {round().status === 'open'
                            ? s().paused
                              ? 'Paused'
                              : `${secondsLeft() ?? ''} s left`
                            : 'Voting closed'}{' '}
                          · {round().votes} of {voters()} voted
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
                          {(groups) => (
                            <section class="projector-reasons" aria-label="Reasons given">
                              <For each={groups().filter((g) => g.reasons.length > 0)}>
                                {(group) => (
                                  <div>
                                    <h2>{group.label}</h2>
                                    <ul>
                                      <For each={group.reasons}>{(r) => <li>“{r.reason}”</li>}</For>
                                    </ul>
                                  </div>
                                )}
                              </For>
                            </section>
                          )}
                        </Show>
                      </>
                    )}
                  </Show>
                </section>
              )}
            </Show>
            <Show when={s().ending}>
              <LiveDebrief state={s()} />
            </Show>
            <div class="projector-bottom">
              <ol class="projector-path">
                <For each={s().path}>
                  {(step) => (
                    <li>
                      {step.title}: <strong>{step.choice}</strong>
                    </li>
                  )}
                </For>
              </ol>
              <ul class="projector-metrics">
                <For each={s().metrics.filter((m) => m.owner === 'shared')}>
                  {(m) => (
                    <li>
                      {m.label}: <strong>{m.value}</strong>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
