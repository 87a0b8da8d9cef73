import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { Markdown } from '../components/markdown';
import { QrCode } from '../components/qr-code';
import { ErrorNotice, Loading } from '../components/status';
import { LiveDebrief } from '../components/live-debrief';
import { LiveEvent } from '../components/live-event';
import { QuestionConsole } from '../components/live-question';
import { TallyBars } from '../components/tally-bars';
import { api, messageOf, unwrap } from '../lib/api';
import { fieldText } from '../lib/form';
import { connectLive } from '../lib/live';
import { useCountdown } from './live-participant';
import { t } from '../i18n';

/** `/teach/live`: start a live session from a published scenario. */
export function StartLivePage() {
  const navigate = useNavigate();
  const [catalog] = createResource(async () => unwrap(await api.scenarios.$get()));
  const [slug, setSlug] = createSignal('');
  const [mode, setMode] = createSignal<'room' | 'teams'>('room');
  const [error, setError] = createSignal<string | null>(null);
  const scenario = () => catalog()?.find((s) => s.slug === (slug() || catalog()?.[0]?.slug));
  async function start(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    try {
      const session = await unwrap(
        await api.live.$post({
          json: {
            scenario: scenario()!.slug,
            mode: mode(),
            ...(mode() === 'room' ? { side: fieldText(data, 'side') } : {}),
            points: data.get('points') === 'on',
            maxParticipants: Number(data.get('maxParticipants')),
          },
        }),
      );
      navigate(`/live/${session.code}/console`);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }
  return (
    <section class="panel narrow">
      <h1>Start a live session</h1>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
      <Show when={catalog()} fallback={<Loading />}>
        <form class="form" onSubmit={start}>
          <label for="live-scenario">Scenario</label>
          <select id="live-scenario" onChange={(e) => setSlug(e.currentTarget.value)}>
            <For each={catalog()}>{(s) => <option value={s.slug}>{s.title}</option>}</For>
          </select>
          <label for="live-mode">Mode</label>
          <select id="live-mode" onChange={(e) => setMode(e.currentTarget.value as 'room' | 'teams')}>
            <option value="room">The whole room decides for one side</option>
            <Show when={(scenario()?.sides.length ?? 0) > 1}>
              <option value="teams">Team against team, one team per side</option>
            </Show>
          </select>
          <Show when={mode() === 'room'}>
            <label for="live-side">The room plays</label>
            <select id="live-side" name="side">
              <For each={scenario()?.sides ?? []}>
                {(side) => <option value={side.id}>{side.label}</option>}
              </For>
            </select>
          </Show>
          <label class="checkbox">
            <input name="points" type="checkbox" /> Points board for knowledge-check questions (by nickname;
            off unless ticked, and it can be turned on or off during the session)
          </label>
          <label for="live-cap">Participants, at most</label>
          <input
            id="live-cap"
            name="maxParticipants"
            type="number"
            min={1}
            max={10_000}
            value={2000}
            required
            aria-describedby="live-cap-hint"
          />
          <p class="hint" id="live-cap-hint">
            Up to 10,000. Past 2,000 the room is spread over several servers; nothing changes for you.
          </p>
          <button class="button" type="submit">
            Start the session
          </button>
        </form>
      </Show>
    </section>
  );
}

/** `/live/:code/console`: the facilitator's controls. */
export default function LiveConsolePage() {
  const params = useParams<{ code: string }>();
  const live = connectLive(params.code, 'facilitator');
  const [seconds, setSeconds] = createSignal(60);
  const secondsLeft = useCountdown(() => live.state()?.round?.closesAt);
  const questionSecondsLeft = useCountdown(() => live.state()?.question?.closesAt);
  const joinLink = () => `${location.origin}/live/${params.code}`;
  const people = () => {
    const p = live.state()?.participants;
    return Array.isArray(p) ? p : [];
  };
  const teams = () => live.state()?.teams ?? [];
  const teamLabel = (id: string | null | undefined) => teams().find((t) => t.id === id)?.label ?? id ?? '';
  const choiceLabel = (id: string) => live.state()?.decision?.choices.find((c) => c.id === id)?.label ?? id;
  const tied = () => live.state()?.round?.tied ?? [];
  // In team mode only the deciding team votes: the count is of that team.
  const voters = () => {
    const s = live.state();
    const side = s?.mode === 'teams' ? s.decision?.side : null;
    return side ? people().filter((p) => p.team === side).length : people().length;
  };
  const nobodyVoted = () =>
    live.state()?.round?.status === 'closed' && Object.values(live.tally() ?? {}).every((n) => n === 0);
  return (
    <div class="live live-console">
      <Show when={live.error()}>{(message) => <ErrorNotice message={message()} />}</Show>
      <Show when={live.state()} fallback={<Loading label="Connecting to the session…" />}>
        {(s) => (
          <>
            <h1>
              {s().scenario.title} <span class="muted">· session {s().code}</span>
            </h1>
            <div class="console-grid">
              <section class="panel" aria-labelledby="console-controls">
                <h2 id="console-controls">
                  {s().phase === 'ended' ? 'Ended' : (s().decision?.title ?? 'Lobby')}
                </h2>
                <Show when={s().mode === 'teams' && s().decision?.side && s().phase !== 'ended'}>
                  <p class="eyebrow">Team {teamLabel(s().decision!.side)} decides</p>
                </Show>
                <Show when={s().decision && !s().event && s().phase !== 'ended'}>
                  {/* The dilemma the room is asked, as the phones and the projector show it. */}
                  <details class="console-dilemma" open>
                    <summary>{t('live.consoleDilemma')}</summary>
                    <div lang="en" dir="auto">
                      <Markdown text={s().decision!.body} />
                    </div>
                  </details>
                </Show>
                <Show when={s().phase === 'ended'}>
                  <p id="console-results">{t('live.consoleResults')}</p>
                  <ul class="console-results" aria-labelledby="console-results">
                    <li>
                      <a href={`/api/live/${s().code}/results?format=csv`} download="">
                        {t('live.consoleVotesCsv')}
                      </a>
                    </li>
                    <li>
                      <a href={`/api/live/${s().code}/results?format=csv&rows=questions`} download="">
                        {t('live.consoleQuestionsCsv')}
                      </a>
                    </li>
                  </ul>
                </Show>
                <Show when={s().event}>
                  {(event) => (
                    <>
                      <LiveEvent event={event()} />
                      <div class="play-actions">
                        <button class="button" type="button" onClick={() => live.send({ type: 'advance' })}>
                          {event().number < event().of ? 'Next event' : 'Continue to the decision'}
                        </button>
                      </div>
                    </>
                  )}
                </Show>
                <Show when={s().round}>
                  <p class="timer" role="timer">
                    {s().round!.status === 'open'
                      ? s().paused
                        ? 'Paused'
                        : `${secondsLeft() ?? ''} s left`
                      : 'Voting closed'}{' '}
                    · {s().round!.votes} of {voters()} voted
                  </p>
                  <TallyBars choices={s().decision?.choices ?? []} tally={live.tally() ?? {}} />
                </Show>
                <div class="play-actions">
                  <Show
                    when={
                      s().phase !== 'ended' && (!s().round || s().round!.status === 'closed') && s().decision
                    }
                  >
                    <label class="inline-label">
                      Seconds{' '}
                      <input
                        type="number"
                        min={10}
                        max={600}
                        value={seconds()}
                        onInput={(e) => setSeconds(Number(e.currentTarget.value))}
                      />
                    </label>
                    <Show when={!s().round}>
                      <button
                        class="button"
                        type="button"
                        onClick={() => live.send({ type: 'open', seconds: seconds() })}
                      >
                        Open voting
                      </button>
                    </Show>
                  </Show>
                  <Show when={s().round?.status === 'open'}>
                    <button class="button" type="button" onClick={() => live.send({ type: 'close' })}>
                      Close and reveal
                    </button>
                    <button
                      class="button button-secondary"
                      type="button"
                      onClick={() => live.send({ type: s().paused ? 'resume' : 'pause' })}
                    >
                      {s().paused ? 'Resume' : 'Pause'}
                    </button>
                  </Show>
                  <Show when={s().round?.status === 'closed'}>
                    <button
                      class="button"
                      type="button"
                      disabled={tied().length > 0 || nobodyVoted()}
                      aria-describedby={tied().length > 0 || nobodyVoted() ? 'console-tie' : undefined}
                      onClick={() => live.send({ type: 'advance' })}
                    >
                      Advance with the majority
                    </button>
                  </Show>
                  <Show when={s().path.length > 0 && s().phase !== 'ended'}>
                    <button
                      class="button button-secondary"
                      type="button"
                      onClick={() => live.send({ type: 'back' })}
                    >
                      Back one step
                    </button>
                  </Show>
                  <Show when={s().phase !== 'ended'}>
                    <button
                      class="button button-secondary"
                      type="button"
                      onClick={() => confirm('End the session for everyone?') && live.send({ type: 'end' })}
                    >
                      End
                    </button>
                  </Show>
                </div>
                <Show when={tied().length > 0}>
                  <div class="tie-breaker" role="group" aria-labelledby="console-tie">
                    <p id="console-tie">
                      <strong>A tie</strong> between{' '}
                      {tied()
                        .map((id) => `“${choiceLabel(id)}”`)
                        .join(' and ')}
                      . Break it:
                    </p>
                    <div class="play-actions">
                      <For each={tied()}>
                        {(id) => (
                          <button
                            class="button"
                            type="button"
                            onClick={() => live.send({ type: 'advance', choiceId: id })}
                          >
                            Go with “{choiceLabel(id)}”
                          </button>
                        )}
                      </For>
                    </div>
                  </div>
                </Show>
                <Show when={nobodyVoted()}>
                  <p id="console-tie">Nobody voted: decide for the room below.</p>
                </Show>
                <Show when={s().round?.status === 'open'}>
                  <label class="inline-label">
                    <input
                      type="checkbox"
                      checked={s().projector.tally}
                      onChange={(e) => live.send({ type: 'project', tally: e.currentTarget.checked })}
                    />{' '}
                    Show the bars on the projector during the vote
                  </label>
                </Show>
                <Show when={s().round?.reasons}>
                  {(groups) => (
                    <section class="reasons" aria-labelledby="console-reasons">
                      <h3 id="console-reasons">The reasons given</h3>
                      <label class="inline-label">
                        <input
                          type="checkbox"
                          checked={s().projector.reasons}
                          onChange={(e) => live.send({ type: 'project', reasons: e.currentTarget.checked })}
                        />{' '}
                        Show reasons on the projector
                      </label>
                      <For
                        each={groups().filter((g) => g.reasons.length > 0)}
                        fallback={<p class="muted">Nobody gave a reason.</p>}
                      >
                        {(group) => (
                          <>
                            <h4>{group.label}</h4>
                            <ul class="reason-list">
                              <For each={group.reasons}>
                                {(r) => (
                                  <li classList={{ hidden: r.hidden }}>
                                    “{r.reason}” <span class="muted">· {r.nickname}</span>
                                    <Show when={r.hidden}>
                                      <span class="tag">hidden</span>
                                    </Show>
                                    <button
                                      type="button"
                                      class="link-button-dark"
                                      onClick={() =>
                                        live.send({
                                          type: 'hideReason',
                                          participantId: r.participantId,
                                          hidden: !r.hidden,
                                        })
                                      }
                                    >
                                      {r.hidden ? 'Show' : 'Hide'}
                                      <span class="visually-hidden"> the reason from {r.nickname}</span>
                                    </button>
                                  </li>
                                )}
                              </For>
                            </ul>
                          </>
                        )}
                      </For>
                    </section>
                  )}
                </Show>
                <Show when={s().round?.status === 'closed'}>
                  <p class="muted">Or decide for the room:</p>
                  <div class="play-actions">
                    <For each={s().decision?.choices ?? []}>
                      {(c) => (
                        <button
                          class="button button-secondary"
                          type="button"
                          onClick={() => live.send({ type: 'advance', choiceId: c.id })}
                        >
                          {c.label}
                        </button>
                      )}
                    </For>
                  </div>
                </Show>
                <p>
                  <A href={`/live/${s().code}/projector`} target="_blank">
                    Open the projector view
                  </A>
                </p>
              </section>
              <section class="panel" aria-labelledby="console-join">
                <h2 id="console-join">Join: {s().code}</h2>
                <p>
                  <a href={joinLink()}>{joinLink()}</a>
                </p>
                <QrCode text={joinLink()} label={`QR code to join session ${s().code}`} />
                <h3>Participants ({people().length})</h3>
                <ul class="participants">
                  <For each={people()}>
                    {(p) => (
                      <li>
                        {p.nickname}
                        <Show when={p.team}> · Team {teamLabel(p.team)}</Show>
                        <Show
                          when={
                            s().phase !== 'ended' &&
                            s().mode === 'teams' &&
                            teams().find((t) => t.id !== p.team)
                          }
                        >
                          {(other) => (
                            <button
                              type="button"
                              class="link-button-dark"
                              onClick={() =>
                                live.send({ type: 'move', participantId: p.id, team: other().id })
                              }
                            >
                              Move<span class="visually-hidden"> {p.nickname}</span> to Team {other().label}
                            </button>
                          )}
                        </Show>
                        <Show when={s().phase !== 'ended'}>
                          <button
                            type="button"
                            class="link-button-dark danger"
                            onClick={() => live.send({ type: 'remove', participantId: p.id })}
                          >
                            Remove<span class="visually-hidden"> {p.nickname}</span>
                          </button>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </div>
            <QuestionConsole
              bank={s().questionBank ?? []}
              question={s().question}
              votingOpen={s().round?.status === 'open'}
              ended={s().phase === 'ended'}
              paused={s().paused}
              secondsLeft={questionSecondsLeft()}
              points={s().points}
              board={s().board}
              projectorBars={s().projector.tally}
              send={live.send}
            />
            <Show when={s().ending}>
              <LiveDebrief state={s()} />
            </Show>
            <section class="panel" aria-labelledby="console-path">
              <h2 id="console-path">The room's path</h2>
              <ol>
                <For each={s().path}>
                  {(step) => (
                    <li>
                      {step.title}
                      {s().mode === 'teams' && step.side ? ` (Team ${teamLabel(step.side)})` : ''}:{' '}
                      <strong>{step.choice}</strong> {step.decidedBy === 'facilitator' ? '(facilitator)' : ''}
                    </li>
                  )}
                </For>
              </ol>
            </section>
          </>
        )}
      </Show>
    </div>
  );
}
