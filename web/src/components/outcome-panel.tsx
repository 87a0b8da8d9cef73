import { For, Show } from 'solid-js';
import type { MetricView, TimelineEntryView } from '../../../api/engine';
import { Markdown } from './markdown';
import { ChangeList } from './timeline';

/** What happened since the player's last decision: its outcome, then the other side's moves and events. */
export function OutcomePanel(props: {
  outcome: TimelineEntryView | undefined;
  since: TimelineEntryView[];
  metrics: MetricView[];
  headingRef: (element: HTMLHeadingElement) => void;
}) {
  return (
    <section class="panel outcome" aria-labelledby="outcome-heading">
      <h2 id="outcome-heading" tabindex="-1" ref={props.headingRef}>
        {props.outcome ? `What followed: ${props.outcome!.choice?.label}` : 'What has happened'}
      </h2>
      <Show when={props.outcome}>
        {(entry) => (
          <>
            <Markdown text={entry().text} />
            <ChangeList changes={entry().changes} metrics={props.metrics} />
          </>
        )}
      </Show>
      <For each={props.since}>
        {(entry) => (
          <div class={`event event-${entry.kind}`}>
            <h3>
              <span class="event-kind">{entry.kind === 'counterpart' ? 'The other side' : 'Event'}:</span>{' '}
              {entry.title}
            </h3>
            <Markdown text={entry.text} />
            <ChangeList changes={entry.changes} metrics={props.metrics} />
          </div>
        )}
      </For>
    </section>
  );
}
