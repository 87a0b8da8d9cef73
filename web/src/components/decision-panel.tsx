import { For, Show } from 'solid-js';
import type { View } from '../../../api/engine';
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
      <h2 id="decision-heading" tabindex="-1" ref={props.headingRef}>
        {props.decision.title}
      </h2>
      <Markdown text={props.decision.body} />
      <Show when={props.decision.private}>
        {(text) => (
          <aside class="private-note" aria-label={`Only ${props.sideLabel} knows`}>
            <p class="eyebrow">Only {props.sideLabel} knows</p>
            <Markdown text={text()} />
          </aside>
        )}
      </Show>
      <Show when={props.secondsLeft !== null}>
        <p class="timer" role="timer" aria-live="off">
          Time left: {props.secondsLeft} s
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
          <legend class="visually-hidden">Your choices</legend>
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
                  {i() + 1}
                </span>
                <span class="choice-text">
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
              <label for="justification">{prompt()}</label>
              <input
                id="justification"
                type="text"
                maxLength={500}
                value={props.justification}
                onInput={(event) => props.onJustification(event.currentTarget.value)}
                placeholder="One sentence (optional)"
              />
            </div>
          )}
        </Show>
        <div class="decide-row">
          <button class="button button-large" type="submit" disabled={!props.selected || props.busy}>
            {props.busy ? 'Deciding…' : 'Decide'}
          </button>
          <p class="hint key-hint">Keys: 1–{props.decision.choices.length} to pick, Enter to decide.</p>
        </div>
      </form>
      <SourcesList sources={props.decision.sources} title="This decision draws on" />
    </section>
  );
}
