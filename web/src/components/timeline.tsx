import { For, Show } from 'solid-js';
import type { MetricView, TimelineEntryView } from '../../../api/engine';
import { signed } from '../lib/format';
import { Markdown } from './markdown';

const KIND_LABEL = { decision: 'Your decision', counterpart: 'The other side', event: 'Event' } as const;

/** Green for a change that is good for the player's side, red for a bad one, neutral when unscored. */
export const deltaClass = (delta: number, goodWhen: 'higher' | 'lower' | null) =>
  goodWhen === null ? 'delta-neutral' : delta > 0 === (goodWhen === 'higher') ? 'delta-good' : 'delta-bad';

/** Metric changes as a short readable list, e.g. "Escalation risk +4, Working ties −2". */
export function ChangeList(props: { changes: Record<string, number>; metrics: MetricView[] }) {
  const entries = () => Object.entries(props.changes).filter(([, d]) => d !== 0);
  return (
    <Show when={entries().length > 0}>
      <ul class="change-list" aria-label="Changes to your indicators">
        <For each={entries()}>
          {([id, delta]) => {
            const metric = props.metrics.find((m) => m.id === id);
            return (
              <li class={deltaClass(delta, metric?.goodWhen ?? null)}>
                {metric?.label ?? id} {signed(delta)}
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
}

/** Everything that has happened so far: the player's decisions, the other side's moves and narrated events. */
export function Timeline(props: { entries: TimelineEntryView[]; metrics: MetricView[] }) {
  return (
    <ol class="timeline">
      <For each={props.entries}>
        {(entry) => (
          <li class={`timeline-entry timeline-${entry.kind}`}>
            <p class="timeline-kind">{KIND_LABEL[entry.kind]}</p>
            <h3 class="timeline-title">{entry.title}</h3>
            <Show when={entry.kind === 'decision' && entry.choice}>
              <p class="timeline-choice">You chose: {entry.choice!.label}</p>
            </Show>
            <Show when={entry.kind !== 'decision'}>
              <Markdown text={entry.text} />
            </Show>
            <ChangeList changes={entry.changes} metrics={props.metrics} />
          </li>
        )}
      </For>
    </ol>
  );
}
