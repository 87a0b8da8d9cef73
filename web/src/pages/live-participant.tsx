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
import { En, rich, t } from '../i18n';

/** `/live`: enter a session code (also what `/live/:code` shows when the code names no session). */
export function LiveCodePage(props: { problem?: string; code?: string }) {
  const navigate = useNavigate();
  return (
    <section class="panel narrow">
      <h1>{t('live.joinTitle')}</h1>
      <Show when={props.problem}>{(problem) => <ErrorNotice message={problem()} />}</Show>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          const code = fieldText(new FormData(event.currentTarget), 'code').trim().toUpperCase();
          navigate(`/live/${code}`);
        }}
      >
        <label for="live-code">{t('live.sessionCode')}</label>
        <input
          id="live-code"
          name="code"
          value={props.code ?? ''}
          required
          maxLength={6}
          autocomplete="off"
          autocapitalize="characters"
          dir="ltr"
        />
        <button class="button" type="submit">
          {t('live.continue')}
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
          <Show when={live.missing()} fallback={<Loading label={t('live.connecting')} />}>
            <LiveCodePage code={props.code} problem={t('live.noSession', { code: props.code })} />
          </Show>
        }
      >
        {(s) => (
          <>
            <p class="eyebrow">
              <En>{s().scenario.title}</En> · {t('live.session', { code: s().code })}
              {live.you() ? ` · ${t('live.youAre', { nickname: live.you()!.nickname })}` : ''}
              {live.you()?.team ? ` · ${t('live.team', { team: teamLabel(live.you()!.team) ?? '' })}` : ''}
              {!live.connected() && ` · ${t('live.reconnecting')}`}
            </p>
            <Show when={live.you() && s().phase !== 'ended' && s().briefing}>
              {(briefing) => (
                // Open while waiting for the first vote, one tap away after that.
                <details class="panel live-briefing" open={s().phase === 'lobby'}>
                  <summary>
                    {rich(t('live.briefingAs'), { side: <En>{briefing().label}</En> })}{' '}
                    <span class="muted" lang="en" dir="auto">
                      ({briefing().actor})
                    </span>
                  </summary>
                  <div lang="en" dir="auto">
                    <Markdown text={briefing().text} />
                  </div>
                </details>
              )}
            </Show>
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
                  <h1>{t('live.join')}</h1>
                  <label for="nickname">{t('live.nickname')}</label>
                  <input
                    id="nickname"
                    name="nickname"
                    required
                    minLength={2}
                    maxLength={24}
                    autocomplete="nickname"
                  />
                  <Show when={teams().length > 0}>
                    <label for="team">{t('live.teamLabel')}</label>
                    <select id="team" name="team">
                      <option value="">{t('live.anyTeam')}</option>
                      <For each={teams()}>
                        {(team) => <option value={team.id}>{t('live.team', { team: team.label })}</option>}
                      </For>
                    </select>
                  </Show>
                  <button class="button button-large" type="submit">
                    {t('live.join')}
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
                      <h2 lang="en" dir="auto">
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
                            {t('live.waiting')}
                          </p>
                        }
                      >
                        {(event) => <LiveEvent event={event()} />}
                      </Show>
                    </Show>
                  }
                >
                  <section class="panel decision" aria-labelledby="live-decision">
                    <h1 id="live-decision" lang="en" dir="auto">
                      {s().decision!.title}
                    </h1>
                    <Show when={!s().decision!.yourTurn}>
                      <p class="notice" role="status">
                        {rich(t('live.otherTeam'), { team: <bdi>{teamLabel(s().decision!.side)}</bdi> })}
                      </p>
                    </Show>
                    <Markdown text={s().decision!.body} />
                    <Switch>
                      <Match when={s().round!.status === 'closed'}>
                        <h2>{t('live.roomVotes')}</h2>
                        <TallyBars
                          choices={s().decision!.choices}
                          tally={s().round!.tally ?? {}}
                          mine={yourVote()?.choiceId}
                        />
                      </Match>
                      <Match when={!s().decision!.yourTurn}>
                        <h2>{t('live.theirOptions')}</h2>
                        <ul class="other-team-choices" lang="en" dir="auto">
                          <For each={s().decision!.choices}>{(c) => <li>{c.label}</li>}</For>
                        </ul>
                      </Match>
                      <Match when={s().decision!.choices.length > 0}>
                        <p class="timer" role="timer">
                          {s().paused
                            ? t('live.paused')
                            : secondsLeft() !== null
                              ? t('live.secondsLeft', secondsLeft()!)
                              : ''}{' '}
                          · {t('live.voted', s().round!.votes)}
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
                            <legend class="visually-hidden">{t('live.choices')}</legend>
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
                                    <span class="choice-label">
                                      <En>{c.label}</En>
                                    </span>
                                  </span>
                                </label>
                              )}
                            </For>
                          </fieldset>
                          <div class="justify">
                            <label for="live-reason">{t('live.reason')}</label>
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
                            {yourVote() ? t('live.changeVote') : t('live.vote')}
                          </button>
                          <Show when={yourVote()}>
                            {(vote) => (
                              <p role="status" class="muted">
                                {rich(t('live.youVoted'), {
                                  choice: (
                                    <En>
                                      {s().decision!.choices.find((c) => c.id === vote().choiceId)?.label}
                                    </En>
                                  ),
                                })}
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
