import { For, Show } from 'solid-js';
import type { View } from '../../../api/engine';
import { En, n, rich, t } from '../i18n';
import { Markdown } from './markdown';
import { SourcesList } from './sources-list';

/**
 * The decision in front of the player: its text, the timer, the choices (numbered for the keys), the optional
 * justification and the Decide button.
 */
export function DecisionPanel(props: {
  decision: NonNullable<View['decision']>;
  sideLabel: string;
  busy: boolean;
  selected: string | null;
  onSelect: (choiceId: string) => void;
  justification: string;
  onJustification: (text: string) => void;
  secondsLeft: number | null;
  onDecide: () => void;
  headingRef: (element: HTMLHeadingElement) => void;
}) {
  const selectedChoice = () => props.decision.choices.find((c) => c.id === props.selected);
  return (
    <section class="panel decision" aria-labelledby="decision-heading" aria-busy={props.busy}>
      <h2 id="decision-heading" tabindex="-1" ref={props.headingRef} lang="en" dir="auto">
        {props.decision.title}
      </h2>
      <Markdown text={props.decision.body} />
      <Show when={props.decision.private}>
        {(text) => (
          <aside class="private-note" aria-label={t('play.onlyKnows', { side: props.sideLabel })}>
            <p class="eyebrow">{rich(t('play.onlyKnows'), { side: <En>{props.sideLabel}</En> })}</p>
            <Markdown text={text()} />
          </aside>
        )}
      </Show>
      <Show when={props.secondsLeft !== null}>
        <p class="timer" role="timer" aria-live="off">
          {t('play.timeLeft', props.secondsLeft ?? 0)}
        </p>
      </Show>
      <form
        class="choices"
        onSubmit={(event) => {
          event.preventDefault();
          props.onDecide();
        }}
      >
        <fieldset>
          <legend class="visually-hidden">{t('play.yourChoices')}</legend>
          <For each={props.decision.choices}>
            {(choice, i) => (
              <label
                class={props.selected === choice.id ? 'choice selected' : 'choice'}
                for={`choice-${choice.id}`}
              >
                <input
                  type="radio"
                  name="choice"
                  id={`choice-${choice.id}`}
                  value={choice.id}
                  checked={props.selected === choice.id}
                  onChange={() => props.onSelect(choice.id)}
                />
                <span class="choice-number" aria-hidden="true">
                  {n(i() + 1)}
                </span>
                <span class="choice-text" lang="en" dir="auto">
                  <span class="choice-label">{choice.label}</span>
                  <Show when={choice.detail}>
                    <span class="choice-detail">{choice.detail}</span>
                  </Show>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <Show when={selectedChoice()?.justify}>
          {(prompt) => (
            <div class="justify">
              <label for="justification" lang="en" dir="auto">
                {prompt()}
              </label>
              <input
                id="justification"
                type="text"
                maxLength={500}
                value={props.justification}
                onInput={(event) => props.onJustification(event.currentTarget.value)}
                placeholder={t('play.optional')}
              />
            </div>
          )}
        </Show>
        <div class="decide-row">
          <button class="button button-large" type="submit" disabled={!props.selected || props.busy}>
            {props.busy ? t('play.deciding') : t('play.decide')}
          </button>
          <p class="hint key-hint">{t('play.keys', props.decision.choices.length)}</p>
        </div>
      </form>
      <SourcesList sources={props.decision.sources} title={t('play.drawsOn')} />
    </section>
  );
}
