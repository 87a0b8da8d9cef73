import { useNavigate, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, Show, Switch } from 'solid-js';
import { LiveEvent } from '../components/live-event';
import { Markdown } from '../components/markdown';
import { ErrorNotice, Loading } from '../components/status';
import { LiveDebrief } from '../components/live-debrief';
import { LiveQuestionCard } from '../components/live-question';
import { TallyBars } from '../components/tally-bars';
import { fieldText } from '../lib/form';
import { connectLive } from '../lib/live';

/** `/live`: enter a session code (also what `/live/:code` shows when the code names no session). */
export function LiveCodePage(props: { problem?: string; code?: string }) {
  const navigate = useNavigate();
  return (
    <section class="panel narrow">
      <h1>Join a live session</h1>
      <Show when={props.problem}>{(problem) => <ErrorNotice message={problem()} />}</Show>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          const code = fieldText(new FormData(event.currentTarget), 'code').trim().toUpperCase();
          navigate(`/live/${code}`);
        }}
      >
        <label for="live-code">Session code</label>
        <input
          id="live-code"
          name="code"
          value={props.code ?? ''}
          required
          maxLength={6}
          autocomplete="off"
          autocapitalize="characters"
        />
        <button class="button" type="submit">
          Continue
        </button>
      </form>
    </section>
  );
}

/** A countdown to `closesAt`, ticking each second. */
export function useCountdown(closesAt: () => number | null | undefined) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return () => {
    const at = closesAt();
    return at ? Math.max(0, Math.ceil((at - now()) / 1000)) : null;
  };
}

/** `/live/:code`: a participant's phone; a new code (typed again after a mistake) is a new connection. */
export default function LiveParticipantPage() {
  const params = useParams<{ code: string }>();
  return (
    <Show when={params.code.toUpperCase()} keyed>
      {(code) => <ParticipantRoom code={code} />}
    </Show>
  );
}

/** Join with a nickname, vote, see the result and the consequence. */
function ParticipantRoom(props: { code: string }) {
  const live = connectLive(props.code, 'participant');
  const [choice, setChoice] = createSignal<string | null>(null);
  const [reason, setReason] = createSignal('');
  const secondsLeft = useCountdown(() => live.state()?.round?.closesAt);
  const questionSecondsLeft = useCountdown(() => live.state()?.question?.closesAt);
  const state = live.state;
  const teams = () => state()?.teams ?? [];
  const teamLabel = (id: string | null | undefined) => teams().find((t) => t.id === id)?.label ?? id;
  const yourVote = live.yourVote;
  // A pick from the previous round is not one of this round's choices.
  // (A memo, so a tally or count updating the state does not count as a new round.)
  const roundId = createMemo(() => state()?.round?.id);
  createEffect(on(roundId, () => setChoice(null), { defer: true }));

  return (
    <div class="live live-participant">
      <Show when={live.error()}>{(message) => <ErrorNotice message={message()} />}</Show>
      <Show
        when={state()}
        fallback={
          <Show when={live.missing()} fallback={<Loading label="Connecting to the session…" />}>
            <LiveCodePage
              code={props.code}
              problem={`There is no session with the code ${props.code}. Check the code and type it again.`}
            />
          </Show>
        }
      >
        {(s) => (
          <>
            <p class="eyebrow">
              {s().scenario.title} · session {s().code}
              {live.you() ? ` · you are ${live.you()!.nickname}` : ''}
              {live.you()?.team ? ` · Team ${teamLabel(live.you()!.team)}` : ''}
              {!live.connected() && ' · reconnecting…'}
            </p>
            <Switch>
              <Match when={!live.you() && s().phase !== 'ended'}>
                <form
                  class="form panel"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const data = new FormData(event.currentTarget);
                    live.send({
                      type: 'join',
                      nickname: fieldText(data, 'nickname'),
                      ...(fieldText(data, 'team') ? { team: fieldText(data, 'team') } : {}),
                    });
                  }}
                >
                  <h1>Join</h1>
                  <label for="nickname">Nickname</label>
                  <input
                    id="nickname"
                    name="nickname"
                    required
                    minLength={2}
                    maxLength={24}
                    autocomplete="nickname"
                  />
                  <Show when={teams().length > 0}>
                    <label for="team">Team</label>
                    <select id="team" name="team">
                      <option value="">Put me where I am needed</option>
                      <For each={teams()}>{(team) => <option value={team.id}>Team {team.label}</option>}</For>
                    </select>
                  </Show>
                  <button class="button button-large" type="submit">
                    Join
                  </button>
                </form>
              </Match>
              <Match when={s().phase === 'ended' && s().ending}>
                <LiveDebrief state={s()} />
              </Match>
              <Match when={true}>
                <Show when={s().question}>
                  {(question) => (
                    <LiveQuestionCard
                      question={question()}
                      paused={s().paused}
                      secondsLeft={questionSecondsLeft()}
                      answer={live.yourAnswer()}
                      send={live.send}
                    />
                  )}
                </Show>
                <Show when={s().lastOutcome}>
                  {(outcome) => (
                    <section class="panel outcome" aria-live="polite">
                      <h2>
                        {outcome().title}: {outcome().choice}
                      </h2>
                      <Markdown text={outcome().text} />
                    </section>
                  )}
                </Show>
                <Show
                  when={s().decision && s().round}
                  fallback={
                    <Show when={!s().question}>
                      <Show
                        when={s().event}
                        fallback={
                          <p class="notice" role="status">
                            Waiting for the facilitator to open the next vote…
                          </p>
                        }
                      >
                        {(event) => <LiveEvent event={event()} />}
                      </Show>
                    </Show>
                  }
                >
                  <section class="panel decision" aria-labelledby="live-decision">
                    <h1 id="live-decision">{s().decision!.title}</h1>
                    <Show when={!s().decision!.yourTurn}>
                      <p class="notice" role="status">
                        Team {teamLabel(s().decision!.side)} is deciding this one; you will see what they
                        chose.
                      </p>
                    </Show>
                    <Markdown text={s().decision!.body} />
                    <Switch>
                      <Match when={s().round!.status === 'closed'}>
                        <h2>The room's votes</h2>
                        <TallyBars
                          choices={s().decision!.choices}
                          tally={s().round!.tally ?? {}}
                          mine={yourVote()?.choiceId}
                        />
                      </Match>
                      <Match when={!s().decision!.yourTurn}>
                        <h2>Their options</h2>
                        <ul class="other-team-choices">
                          <For each={s().decision!.choices}>{(c) => <li>{c.label}</li>}</For>
                        </ul>
                      </Match>
                      <Match when={s().decision!.choices.length > 0}>
                        <p class="timer" role="timer">
                          {s().paused ? 'Paused' : secondsLeft() !== null ? `${secondsLeft()} s left` : ''} ·{' '}
                          {s().round!.votes} voted
                        </p>
                        <form
                          class="choices"
                          onSubmit={(event) => {
                            event.preventDefault();
                            const picked = choice() ?? yourVote()?.choiceId;
                            if (picked)
                              live.send({
                                type: 'vote',
                                choiceId: picked,
                                ...(reason().trim() ? { reason: reason().trim() } : {}),
                              });
                          }}
                        >
                          <fieldset>
                            <legend class="visually-hidden">Choices</legend>
                            <For each={s().decision!.choices}>
                              {(c) => (
                                <label
                                  class={
                                    (choice() ?? yourVote()?.choiceId) === c.id ? 'choice selected' : 'choice'
                                  }
                                >
                                  <input
                                    type="radio"
                                    name="live-choice"
                                    value={c.id}
                                    checked={(choice() ?? yourVote()?.choiceId) === c.id}
                                    onChange={() => setChoice(c.id)}
                                  />
                                  <span class="choice-text">
                                    <span class="choice-label">{c.label}</span>
                                  </span>
                                </label>
                              )}
                            </For>
                          </fieldset>
                          <div class="justify">
                            <label for="live-reason">Your reason in a line (optional)</label>
                            <input
                              id="live-reason"
                              maxLength={140}
                              value={reason()}
                              onInput={(e) => setReason(e.currentTarget.value)}
                            />
                          </div>
                          <button
                            class="button button-large"
                            type="submit"
                            disabled={!(choice() ?? yourVote())}
                          >
                            {yourVote() ? 'Change my vote' : 'Vote'}
                          </button>
                          <Show when={yourVote()}>
                            {(vote) => (
                              <p role="status" class="muted">
                                You voted for “
                                {s().decision!.choices.find((c) => c.id === vote().choiceId)?.label}”. You can
                                change it until voting closes.
                              </p>
                            )}
                          </Show>
                        </form>
                      </Match>
                    </Switch>
                  </section>
                </Show>
              </Match>
            </Switch>
          </>
        )}
      </Show>
    </div>
  );
}
