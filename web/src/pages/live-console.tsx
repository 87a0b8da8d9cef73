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
import { En, list, rich, t } from '../i18n';

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
      <h1>{t('console.startTitle')}</h1>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
      <Show when={catalog()} fallback={<Loading />}>
        <form class="form" onSubmit={start}>
          <label for="live-scenario">{t('console.scenario')}</label>
          <select id="live-scenario" onChange={(e) => setSlug(e.currentTarget.value)}>
            <For each={catalog()}>
              {(s) => (
                <option value={s.slug} lang="en">
                  {s.title}
                </option>
              )}
            </For>
          </select>
          <label for="live-mode">{t('console.mode')}</label>
          <select id="live-mode" onChange={(e) => setMode(e.currentTarget.value as 'room' | 'teams')}>
            <option value="room">{t('console.modeRoom')}</option>
            <Show when={(scenario()?.sides.length ?? 0) > 1}>
              <option value="teams">{t('console.modeTeams')}</option>
            </Show>
          </select>
          <Show when={mode() === 'room'}>
            <label for="live-side">{t('console.roomPlays')}</label>
            <select id="live-side" name="side">
              <For each={scenario()?.sides ?? []}>
                {(side) => (
                  <option value={side.id} lang="en">
                    {side.label}
                  </option>
                )}
              </For>
            </select>
          </Show>
          <label class="checkbox">
            <input name="points" type="checkbox" /> {t('console.pointsOption')}
          </label>
          <label for="live-cap">{t('console.cap')}</label>
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
            {t('console.capHint', 10_000, 2000)}
          </p>
          <button class="button" type="submit">
            {t('console.start')}
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
      <Show when={live.state()} fallback={<Loading label={t('live.connecting')} />}>
        {(s) => (
          <>
            <h1>
              <En>{s().scenario.title}</En>{' '}
              <span class="muted">
                · {rich(t('live.session'), { code: <bdi dir="ltr">{s().code}</bdi> })}
              </span>
            </h1>
            <div class="console-grid">
              <section class="panel" aria-labelledby="console-controls">
                <h2 id="console-controls">
                  {s().phase === 'ended' ? (
                    t('console.ended')
                  ) : s().decision ? (
                    <En>{s().decision!.title}</En>
                  ) : (
                    t('console.lobby')
                  )}
                </h2>
                <Show when={s().mode === 'teams' && s().decision?.side && s().phase !== 'ended'}>
                  <p class="eyebrow">
                    {rich(t('live.projectorTeamDecides'), { team: <En>{teamLabel(s().decision!.side)}</En> })}
                  </p>
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
                          {event().number < event().of ? t('console.nextEvent') : t('console.toDecision')}
                        </button>
                      </div>
                    </>
                  )}
                </Show>
                <Show when={s().round}>
                  <p class="timer" role="timer">
                    {s().round!.status === 'open'
                      ? s().paused
                        ? t('live.paused')
                        : secondsLeft() === null
                          ? ''
                          : t('live.secondsLeft', secondsLeft()!)
                      : t('live.projectorVotingClosed')}{' '}
                    · {t('live.projectorVotedOf', s().round!.votes, voters())}
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
                      {t('console.seconds')}{' '}
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
                        {t('console.openVoting')}
                      </button>
                    </Show>
                  </Show>
                  <Show when={s().round?.status === 'open'}>
                    <button class="button" type="button" onClick={() => live.send({ type: 'close' })}>
                      {t('console.closeReveal')}
                    </button>
                    <button
                      class="button button-secondary"
                      type="button"
                      onClick={() => live.send({ type: s().paused ? 'resume' : 'pause' })}
                    >
                      {s().paused ? t('console.resume') : t('console.pause')}
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
                      {t('console.advance')}
                    </button>
                  </Show>
                  <Show when={s().path.length > 0 && s().phase !== 'ended'}>
                    <button
                      class="button button-secondary"
                      type="button"
                      onClick={() => live.send({ type: 'back' })}
                    >
                      {t('console.back')}
                    </button>
                  </Show>
                  <Show when={s().phase !== 'ended'}>
                    <button
                      class="button button-secondary"
                      type="button"
                      onClick={() => confirm(t('console.confirmEnd')) && live.send({ type: 'end' })}
                    >
                      {t('console.end')}
                    </button>
                  </Show>
                </div>
                <Show when={tied().length > 0}>
                  <div class="tie-breaker" role="group" aria-labelledby="console-tie">
                    <p id="console-tie">
                      {rich(t('console.tie'), {
                        lead: <strong>{t('console.tieLead')}</strong>,
                        choices: (
                          <En>
                            {list(
                              tied().map((id) => t('console.quoted', { text: choiceLabel(id) })),
                              'conjunction',
                            )}
                          </En>
                        ),
                      })}
                    </p>
                    <div class="play-actions">
                      <For each={tied()}>
                        {(id) => (
                          <button
                            class="button"
                            type="button"
                            onClick={() => live.send({ type: 'advance', choiceId: id })}
                          >
                            {rich(t('console.goWith'), { choice: <En>{choiceLabel(id)}</En> })}
                          </button>
                        )}
                      </For>
                    </div>
                  </div>
                </Show>
                <Show when={nobodyVoted()}>
                  <p id="console-tie">{t('console.nobodyVoted')}</p>
                </Show>
                <Show when={s().round?.status === 'open'}>
                  <label class="inline-label">
                    <input
                      type="checkbox"
                      checked={s().projector.tally}
                      onChange={(e) => live.send({ type: 'project', tally: e.currentTarget.checked })}
                    />{' '}
                    {t('console.showBars')}
                  </label>
                </Show>
                <Show when={s().round?.reasons}>
                  {(groups) => (
                    <section class="reasons" aria-labelledby="console-reasons">
                      <h3 id="console-reasons">{t('console.reasons')}</h3>
                      <label class="inline-label">
                        <input
                          type="checkbox"
                          checked={s().projector.reasons}
                          onChange={(e) => live.send({ type: 'project', reasons: e.currentTarget.checked })}
                        />{' '}
                        {t('console.showReasons')}
                      </label>
                      <For
                        each={groups().filter((g) => g.reasons.length > 0)}
                        fallback={<p class="muted">{t('console.noReasons')}</p>}
                      >
                        {(group) => (
                          <>
                            <h4 lang="en">{group.label}</h4>
                            <ul class="reason-list">
                              <For each={group.reasons}>
                                {(r) => (
                                  <li classList={{ hidden: r.hidden }}>
                                    <bdi>“{r.reason}”</bdi>{' '}
                                    <span class="muted">
                                      · <bdi>{r.nickname}</bdi>
                                    </span>
                                    <Show when={r.hidden}>
                                      <span class="tag">{t('console.hidden')}</span>
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
                                      {/* Seen: the short verb; heard: the whole action with the nickname. */}
                                      <span aria-hidden="true">
                                        {r.hidden ? t('console.show') : t('console.hide')}
                                      </span>
                                      <span class="visually-hidden">
                                        {t(r.hidden ? 'console.showLabel' : 'console.hideLabel', {
                                          nickname: r.nickname,
                                        })}
                                      </span>
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
                  <p class="muted">{t('console.orDecide')}</p>
                  <div class="play-actions">
                    <For each={s().decision?.choices ?? []}>
                      {(c) => (
                        <button
                          class="button button-secondary"
                          type="button"
                          lang="en"
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
                    {t('console.openProjector')}
                  </A>
                </p>
              </section>
              <section class="panel" aria-labelledby="console-join">
                <h2 id="console-join">
                  {rich(t('console.join'), { code: <bdi dir="ltr">{s().code}</bdi> })}
                </h2>
                <p>
                  <a href={joinLink()} dir="ltr">
                    {joinLink()}
                  </a>
                </p>
                <QrCode text={joinLink()} label={t('live.projectorQr', { code: s().code })} />
                <h3>{t('console.participants', people().length)}</h3>
                <ul class="participants">
                  <For each={people()}>
                    {(p) => (
                      <li>
                        <bdi>{p.nickname}</bdi>
                        <Show when={p.team}>
                          {' '}
                          · {rich(t('live.team'), { team: <En>{teamLabel(p.team)}</En> })}
                        </Show>
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
                              {rich(t('console.moveLabel'), {
                                // The nickname is for screen readers: the row already shows it.
                                nickname: <span class="visually-hidden">{p.nickname}</span>,
                                team: <En>{other().label}</En>,
                              })}
                            </button>
                          )}
                        </Show>
                        <Show when={s().phase !== 'ended'}>
                          <button
                            type="button"
                            class="link-button-dark danger"
                            aria-label={t('console.removeLabel', { nickname: p.nickname })}
                            onClick={() => live.send({ type: 'remove', participantId: p.id })}
                          >
                            {t('console.remove')}
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
              <h2 id="console-path">{t('console.path')}</h2>
              <ol>
                <For each={s().path}>
                  {(step) => (
                    <li>
                      <En>{step.title}</En>
                      <Show when={s().mode === 'teams' && step.side}>
                        {' '}
                        ({rich(t('live.team'), { team: <En>{teamLabel(step.side)}</En> })})
                      </Show>
                      :{' '}
                      <strong>
                        <En>{step.choice}</En>
                      </strong>{' '}
                      {step.decidedBy === 'facilitator' ? t('console.byFacilitator') : ''}
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
