import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import type { ClientMessage, OwnAnswer, PointsEntry, QuestionView } from '../lib/live';
import { Markdown } from './markdown';
import { SourcesList } from './sources-list';
import { En, n, t } from '../i18n';

/** How a question's timer reads: seconds left, paused, or why answering has stopped. */
function questionTimer(question: QuestionView, paused: boolean, secondsLeft: number | null) {
  if (question.status === 'revealed') return t('live.theAnswer');
  if (question.status === 'closed') return t('live.timeUp');
  return paused ? t('live.paused') : secondsLeft !== null ? t('live.secondsLeft', secondsLeft) : '';
}

/**
 * A participant's card for the question the facilitator put to the room: radios (one answer) or checkboxes
 * (several) in a fieldset named by the prompt, one answer sent, then "right" or "not quite" with the explanation
 * and its sources at the reveal (never before: the server sends them only then).
 */
export function LiveQuestionCard(props: {
  question: QuestionView;
  paused: boolean;
  secondsLeft: number | null;
  answer: OwnAnswer | null;
  send: (message: ClientMessage) => void;
}) {
  const [chosen, setChosen] = createSignal<string[]>([]);
  // A new question starts with nothing picked (a memo: counts arriving do not make a new question).
  const questionId = createMemo(() => props.question.id);
  createEffect(on(questionId, () => setChosen([]), { defer: true }));
  const q = () => props.question;
  const open = () => q().status === 'open' && !props.paused && !props.answer;
  const picked = () => props.answer?.optionIds ?? chosen();
  const toggle = (id: string, on: boolean) =>
    setChosen(q().selectMany ? (on ? [...chosen(), id] : chosen().filter((x) => x !== id)) : [id]);
  const right = () => q().correctOptionIds;
  const correct = () => {
    const ids = right();
    const mine = props.answer?.optionIds;
    return ids && mine ? mine.length === ids.length && mine.every((id) => ids.includes(id)) : null;
  };
  const mark = (id: string) => {
    const ids = right();
    if (!ids) return picked().includes(id) && props.answer ? 'yours' : '';
    if (ids.includes(id)) return picked().includes(id) ? 'right-yours' : 'right';
    return picked().includes(id) && props.answer ? 'wrong-yours' : '';
  };
  return (
    <section class="panel check-card live-question" aria-labelledby="live-question-heading">
      <p class="eyebrow" id="live-question-heading">
        {t('live.questionForRoom')}
      </p>
      <p class="timer" role="timer">
        {questionTimer(q(), props.paused, props.secondsLeft)} · {t('live.answered', q().answers)}
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (open() && chosen().length)
            props.send({ type: 'answer', questionId: q().id, optionIds: chosen() });
        }}
      >
        <fieldset disabled={!open()} aria-describedby="live-question-status">
          <legend class="check-prompt">
            <Markdown text={q().prompt} />
          </legend>
          <Show when={q().selectMany && open()}>
            <p class="hint">{t('check.chooseAll')}</p>
          </Show>
          <For each={q().options}>
            {(option) => (
              <label
                class={`check-option ${mark(option.id).startsWith('right') ? 'check-right' : mark(option.id) === 'wrong-yours' ? 'check-wrong' : ''}`}
              >
                <input
                  type={q().selectMany ? 'checkbox' : 'radio'}
                  name="live-question"
                  value={option.id}
                  checked={picked().includes(option.id)}
                  onChange={(event) => toggle(option.id, event.currentTarget.checked)}
                />
                <span class="choice-text">
                  <span class="choice-label">
                    <En>{option.label}</En>
                  </span>
                  <Show when={mark(option.id)}>
                    {(m) => (
                      <span class="choice-detail">
                        (
                        {m() === 'yours'
                          ? t('live.yourAnswer')
                          : m() === 'right-yours'
                            ? t('check.rightYours')
                            : m() === 'right'
                              ? t('check.right')
                              : t('check.wrongYours')}
                        )
                      </span>
                    )}
                  </Show>
                  <Show when={q().counts}>
                    {(counts) => (
                      <span class="choice-detail">{t('live.choseThis', counts()[option.id] ?? 0)}</span>
                    )}
                  </Show>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <Show when={open()}>
          <button class="button button-large" type="submit" disabled={chosen().length === 0}>
            {t('check.answer')}
          </button>
        </Show>
      </form>
      <div id="live-question-status" role="status" class="check-result">
        <Show
          when={q().status === 'revealed'}
          fallback={
            <p class="muted">
              {props.answer
                ? t('live.answerIn')
                : q().status === 'open'
                  ? t('live.oneAnswer')
                  : t('live.closed')}
            </p>
          }
        >
          <p class={correct() ? 'check-verdict right' : 'check-verdict wrong'}>
            <strong>
              {correct() === null
                ? t('live.didNotAnswer')
                : correct()
                  ? t('check.correct')
                  : t('check.notQuite')}
            </strong>
          </p>
          <Markdown text={q().explanation ?? ''} />
          <SourcesList sources={q().sources ?? []} title={t('check.restsOn')} />
        </Show>
      </div>
    </section>
  );
}

/** Answers per option as labelled bars, the right options marked once known (the console, the projector). */
export function AnswerBars(props: { question: QuestionView; large?: boolean }) {
  const total = () => Math.max(1, props.question.answers);
  const right = (id: string) => props.question.correctOptionIds?.includes(id) ?? false;
  return (
    <ul class={props.large ? 'share-bars tally-large' : 'share-bars'}>
      <For each={props.question.options}>
        {(option) => (
          <li class={right(option.id) ? 'mine' : ''}>
            <span class="share-label">
              {option.label}
              <Show when={right(option.id)}>
                <span class="tag">right</span>
              </Show>
            </span>
            <span class="share-bar" aria-hidden="true">
              <span style={{ width: `${((props.question.counts?.[option.id] ?? 0) / total()) * 100}%` }} />
            </span>
            <span class="share-value">{props.question.counts?.[option.id] ?? 0}</span>
          </li>
        )}
      </For>
    </ul>
  );
}

/** The points board: rank, nickname, points (one per right answer to a revealed question). */
export function PointsBoard(props: { board: PointsEntry[]; large?: boolean }) {
  return (
    <section
      class={props.large ? 'points-board projector-points' : 'points-board'}
      aria-labelledby="points-heading"
    >
      <h2 id="points-heading">{t('live.points')}</h2>
      <Show when={props.board.length > 0} fallback={<p class="muted">{t('live.noPoints')}</p>}>
        <ol class="points-list">
          <For each={props.board}>
            {(line) => (
              <li value={line.rank}>
                <bdi>{line.nickname}</bdi>: <strong>{n(line.points)}</strong>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

/** The console's part for questions: ask one of the scenario's questions with a timer, reveal, take it off, points. */
export function QuestionConsole(props: {
  bank: { checkId: string; prompt: string; asked: number }[];
  question: QuestionView | null;
  votingOpen: boolean;
  ended: boolean;
  paused: boolean;
  secondsLeft: number | null;
  points: boolean;
  board: PointsEntry[] | null;
  /** Whether the projector shows the bars (the same setting as during a vote). */
  projectorBars: boolean;
  send: (message: ClientMessage) => void;
}) {
  const [checkId, setCheckId] = createSignal('');
  const [seconds, setSeconds] = createSignal(30);
  const selected = () =>
    checkId() || props.bank.find((q) => q.asked === 0)?.checkId || props.bank[0]?.checkId;
  const canAsk = () => !props.ended && !props.votingOpen && props.question?.status !== 'open';
  return (
    <section class="panel" aria-labelledby="console-questions">
      <h2 id="console-questions">{t('console.questions')}</h2>
      <Show when={props.question}>
        {(q) => (
          <div class="console-question">
            <div lang="en">
              <Markdown text={q().prompt} />
            </div>
            <p class="timer" role="timer">
              {questionTimer(q(), props.paused, props.secondsLeft)} · {t('live.answered', q().answers)}
            </p>
            <AnswerBars question={q()} />
            <Show when={q().status !== 'revealed'}>
              <label class="inline-label">
                <input
                  type="checkbox"
                  checked={props.projectorBars}
                  onChange={(e) => props.send({ type: 'project', tally: e.currentTarget.checked })}
                />{' '}
                {t('console.showCounts')}
              </label>
            </Show>
            <Show when={q().explanation}>
              {(text) => (
                <details open={q().status === 'revealed'}>
                  <summary>
                    {q().status === 'revealed' ? t('console.explanation') : t('console.explanationLater')}
                  </summary>
                  <div lang="en">
                    <Markdown text={text()} />
                  </div>
                  <SourcesList sources={q().sources ?? []} title={t('live.projectorSources')} />
                </details>
              )}
            </Show>
            <div class="play-actions">
              <Show when={q().status !== 'revealed'}>
                <button class="button" type="button" onClick={() => props.send({ type: 'reveal' })}>
                  {q().status === 'open' ? t('console.closeRevealAnswer') : t('console.revealAnswer')}
                </button>
              </Show>
              <button
                class="button button-secondary"
                type="button"
                onClick={() => props.send({ type: 'dismiss' })}
              >
                {t('console.takeOff')}
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={props.bank.length > 0} fallback={<p class="muted">{t('console.noChecks')}</p>}>
        <Show when={canAsk()}>
          <form
            class="form"
            onSubmit={(event) => {
              event.preventDefault();
              const id = selected();
              if (id) props.send({ type: 'ask', checkId: id, seconds: seconds() });
            }}
          >
            <label for="console-question">{t('console.question')}</label>
            <select
              id="console-question"
              value={selected()}
              onChange={(e) => setCheckId(e.currentTarget.value)}
            >
              <For each={props.bank}>
                {(q) => (
                  <option value={q.checkId}>
                    {q.prompt.length > 90 ? `${q.prompt.slice(0, 88)}…` : q.prompt}
                    {q.asked ? t('console.asked', q.asked) : ''}
                  </option>
                )}
              </For>
            </select>
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
            <button class="button" type="submit">
              {t('console.ask')}
            </button>
          </form>
        </Show>
        <Show when={props.votingOpen}>
          <p class="muted">{t('console.closeVoteFirst')}</p>
        </Show>
      </Show>
      <label class="inline-label">
        <input
          type="checkbox"
          checked={props.points}
          onChange={(e) => props.send({ type: 'points', on: e.currentTarget.checked })}
        />{' '}
        {t('console.pointsBoard')}
      </label>
      <Show when={props.board}>{(board) => <PointsBoard board={board()} />}</Show>
    </section>
  );
}
