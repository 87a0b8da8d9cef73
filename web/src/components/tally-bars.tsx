import { For } from 'solid-js';
import { t } from '../i18n';

/** Votes per choice as labelled bars (the choice the viewer voted for is marked). */
export function TallyBars(props: {
  choices: { id: string; label: string }[];
  tally: Record<string, number>;
  mine?: string | null;
  large?: boolean;
}) {
  const total = () => Object.values(props.tally).reduce((a, b) => a + b, 0) || 1;
  return (
    <ul class={props.large ? 'share-bars tally-large' : 'share-bars'}>
      <For each={props.choices}>
        {(choice) => (
          <li class={choice.id === props.mine ? 'mine' : ''}>
            <span class="share-label">
              {choice.label}
              {choice.id === props.mine && <span class="tag">{t('live.yourVote')}</span>}
            </span>
            <span class="share-bar" aria-hidden="true">
              <span style={{ width: `${((props.tally[choice.id] ?? 0) / total()) * 100}%` }} />
            </span>
            <span class="share-value">{props.tally[choice.id] ?? 0}</span>
          </li>
        )}
      </For>
    </ul>
  );
}
