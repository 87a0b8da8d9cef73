import { createSignal, For, Show } from 'solid-js';
import type { CheckView, KnowledgeView } from '../../../api/engine';
import { percent } from '../lib/format';
import { Markdown } from './markdown';
import { SourcesList } from './sources-list';

const SLOT_LABEL = {
  before: 'Before you play',
  node: 'Check your understanding',
  after: 'After the ending',
} as const;

/**
 * One knowledge check as a card: radios (one answer) or checkboxes (several) in a fieldset named by the prompt;
 * once answered, right or wrong is announced, with the right options, the explanation and its sources.
 */
export function CheckCard(props: {
  check: CheckView;
  busy: boolean;
  onAnswer: (optionIds: string[]) => void;
}) {
  const [chosen, setChosen] = createSignal<string[]>([]);
  const key = () => `${props.check.checkId}-${props.check.slot}`;
  const toggle = (id: string, on: boolean) =>
    setChosen(props.check.selectMany ? (on ? [...chosen(), id] : chosen().filter((x) => x !== id)) : [id]);
  const answer = () => props.check.answer;
  const mark = (id: string) => {
    const a = answer();
    if (!a) return '';
    if (a.correctOptionIds.includes(id)) return a.optionIds.includes(id) ? 'right, your answer' : 'right';
    return a.optionIds.includes(id) ? 'your answer, not right' : '';
  };
  return (
    <section class="panel check-card" aria-labelledby={`check-${key()}-heading`}>
      <p class="eyebrow" id={`check-${key()}-heading`}>
        {SLOT_LABEL[props.check.slot]}: a question
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen().length && !answer()) props.onAnswer(chosen());
        }}
      >
        <fieldset
          disabled={Boolean(answer()) || props.busy}
          aria-describedby={answer() ? `check-${key()}-result` : undefined}
        >
          <legend class="check-prompt">
            <Markdown text={props.check.prompt} />
          </legend>
          <Show when={props.check.selectMany && !answer()}>
            <p class="hint">Choose all that apply.</p>
          </Show>
          <Show when={props.check.slot === 'before' && !answer()}>
            <p class="hint">
              This question closes at your first decision. Left unanswered, it will not count toward your
              learning gain.
            </p>
          </Show>
          <For each={props.check.options}>
            {(option) => (
              <label
                class={`check-option ${mark(option.id) ? `check-${mark(option.id).startsWith('right') ? 'right' : 'wrong'}` : ''}`}
              >
                <input
                  type={props.check.selectMany ? 'checkbox' : 'radio'}
                  name={`check-${key()}`}
                  value={option.id}
                  checked={(answer()?.optionIds ?? chosen()).includes(option.id)}
                  onChange={(event) => toggle(option.id, event.currentTarget.checked)}
                />
                <span class="choice-text">
                  <span class="choice-label">{option.label}</span>
                  <Show when={mark(option.id)}>
                    <span class="choice-detail">({mark(option.id)})</span>
                  </Show>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <Show when={!answer()}>
          <button class="button" type="submit" disabled={chosen().length === 0 || props.busy}>
            Answer
          </button>
        </Show>
      </form>
      <Show when={answer()}>
        {(a) => (
          <div id={`check-${key()}-result`} class="check-result" role="status">
            <p class={a().correct ? 'check-verdict right' : 'check-verdict wrong'}>
              <strong>{a().correct ? 'Right.' : 'Not quite.'}</strong>
            </p>
            <Markdown text={a().explanation} />
            <SourcesList sources={a().sources} title="The answer rests on" />
          </div>
        )}
      </Show>
    </section>
  );
}

/** The run's knowledge score and, for questions asked before and after, what changed. */
export function KnowledgeSummary(props: { knowledge: KnowledgeView }) {
  const k = () => props.knowledge;
  return (
    <section class="panel knowledge" aria-labelledby="knowledge-heading">
      <h2 id="knowledge-heading">What you know about the crisis</h2>
      <p>
        Knowledge score: <strong>{k().score === null ? 'no questions answered' : percent(k().score!)}</strong>
        <Show when={k().counted > 0}>
          {' '}
          ({k().correct} of {k().counted} question{k().counted === 1 ? '' : 's'} right
          <Show when={k().counted > k().answered}>
            ; {k().counted - k().answered} not answered, counted as wrong
          </Show>
          ). It is separate from your decision score.
        </Show>
      </p>
      <Show when={k().changes.length > 0}>
        <h3>Asked before and after</h3>
        <p>
          Learning gain:{' '}
          <strong>
            {k().gain! > 0 ? '+' : ''}
            {Math.round(k().gain! * 100)} points
          </strong>{' '}
          (the share right after, minus the share right before).
        </p>
        <ul class="knowledge-changes">
          <For each={k().changes}>
            {(change) => (
              <li>
                <Markdown text={change.prompt} />
                <span>
                  Before: {change.before ? 'right' : 'wrong'} · after: {change.after ? 'right' : 'wrong'}
                  {change.before !== change.after
                    ? change.after
                      ? ' (learned)'
                      : ' (changed to a wrong answer)'
                    : ''}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
