import { createSignal, For, Show } from 'solid-js';
import type { CheckView, KnowledgeView } from '../../../api/engine';
import { percent } from '../lib/format';
import { En, t } from '../i18n';
import { Markdown } from './markdown';
import { SourcesList } from './sources-list';

const SLOT_LABEL = {
  before: () => t('check.before'),
  node: () => t('check.node'),
  after: () => t('check.after'),
} as const;

/**
 * One knowledge check as a card: radios (one answer) or checkboxes (several) in a fieldset named by the prompt;
 * once answered, right or wrong is announced, with the right options, the explanation and its sources; a question
 * asked before play only says its answer is recorded, until the run has ended (its marks would otherwise give away
 * the answer to the same question asked later).
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
  const revealed = () => {
    const a = answer();
    return a?.revealed ? a : null;
  };
  const mark = (id: string) => {
    const a = answer();
    if (!a) return '';
    if (!a.revealed) return a.optionIds.includes(id) ? 'yours' : '';
    if (a.correctOptionIds.includes(id)) return a.optionIds.includes(id) ? 'right-yours' : 'right';
    return a.optionIds.includes(id) ? 'wrong-yours' : '';
  };
  return (
    <section class="panel check-card" aria-labelledby={`check-${key()}-heading`}>
      <p class="eyebrow" id={`check-${key()}-heading`}>
        {t('check.aQuestion', { slot: SLOT_LABEL[props.check.slot]() })}
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
            <p class="hint">{t('check.chooseAll')}</p>
          </Show>
          <Show when={props.check.slot === 'before' && !answer()}>
            <p class="hint">{t('check.closes')}</p>
          </Show>
          <For each={props.check.options}>
            {(option) => (
              <label
                class={`check-option ${revealed() && mark(option.id) ? `check-${mark(option.id).startsWith('right') ? 'right' : 'wrong'}` : ''}`}
              >
                <input
                  type={props.check.selectMany ? 'checkbox' : 'radio'}
                  name={`check-${key()}`}
                  value={option.id}
                  checked={(answer()?.optionIds ?? chosen()).includes(option.id)}
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
                          ? t('check.yours')
                          : m() === 'right-yours'
                            ? t('check.rightYours')
                            : m() === 'right'
                              ? t('check.right')
                              : t('check.wrongYours')}
                        )
                      </span>
                    )}
                  </Show>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <Show when={!answer()}>
          <button class="button" type="submit" disabled={chosen().length === 0 || props.busy}>
            {t('check.answer')}
          </button>
        </Show>
      </form>
      <Show when={answer()?.revealed === false}>
        <p id={`check-${key()}-result`} class="check-result" role="status">
          {t('check.recorded')}
        </p>
      </Show>
      <Show when={revealed()}>
        {(a) => (
          <div id={`check-${key()}-result`} class="check-result" role="status">
            <p class={a().correct ? 'check-verdict right' : 'check-verdict wrong'}>
              <strong>{a().correct ? t('check.correct') : t('check.notQuite')}</strong>
            </p>
            <Markdown text={a().explanation} />
            <SourcesList sources={a().sources} title={t('check.restsOn')} />
          </div>
        )}
      </Show>
    </section>
  );
}

/**
 * An answered question folded to one line (its verdict and prompt), opening to the whole card: answered questions
 * stay on the play page without pushing the decision down.
 */
export function FoldedCheckCard(props: { check: CheckView }) {
  const a = () => props.check.answer!;
  // Before play the answer is only recorded: right or wrong shows once the run has ended.
  const verdict = () => {
    const answer = a();
    return !answer.revealed ? '' : answer.correct ? 'right' : 'wrong';
  };
  // The prompt is Markdown; the one-line summary shows its words without the marks.
  const plain = () => props.check.prompt.replace(/[*_`#>[\]]|\(https?:[^)]*\)/g, '').trim();
  return (
    <details class="check-folded">
      <summary>
        <span class={`check-verdict ${verdict()}`}>
          {verdict() === 'right'
            ? t('check.correct')
            : verdict() === 'wrong'
              ? t('check.notQuite')
              : t('check.answeredShort')}
        </span>
        <span class="check-folded-prompt" lang="en">
          {plain()}
        </span>
      </summary>
      <CheckCard check={props.check} busy={true} onAnswer={() => undefined} />
    </details>
  );
}

/** The run's knowledge score and, for questions asked before and after, what changed. */
export function KnowledgeSummary(props: { knowledge: KnowledgeView }) {
  const k = () => props.knowledge;
  return (
    <section class="panel knowledge" aria-labelledby="knowledge-heading">
      <h2 id="knowledge-heading">{t('check.knowledgeTitle')}</h2>
      <p>
        {t('check.knowledgeScore')}{' '}
        <strong>{k().score === null ? t('check.noneAnswered') : percent(k().score!)}</strong>
        <Show when={k().counted > 0}>
          {' '}
          {t('check.rightOf', k().correct, k().counted)}
          <Show when={k().counted > k().answered}>{t('check.notAnswered', k().counted - k().answered)}</Show>
          {t('check.separate')}
        </Show>
      </p>
      <Show when={k().changes.length > 0}>
        <h3>{t('check.beforeAfter')}</h3>
        <p>
          {t('check.gain')}{' '}
          <strong>
            {k().gain! > 0 ? '+' : ''}
            {t('check.points', Math.round(k().gain! * 100))}
          </strong>{' '}
          {t('check.gainNote')}
        </p>
        <ul class="knowledge-changes">
          <For each={k().changes}>
            {(change) => (
              <li>
                <Markdown text={change.prompt} />
                <span>
                  {t('check.beforeWas', {
                    before: change.before ? t('check.right') : t('check.wrong'),
                    after: change.after ? t('check.right') : t('check.wrong'),
                  })}
                  {change.before !== change.after
                    ? change.after
                      ? t('check.learned')
                      : t('check.unlearned')
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
