import { For, Show } from 'solid-js';
import type { MetricView, TimelineEntryView } from '../../../api/engine';
import { Markdown } from './markdown';
import { ChangeList } from './timeline';

import { En, rich, t } from '../i18n';
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
        {props.outcome
          ? rich(t('play.whatFollowed'), { choice: <En>{props.outcome.choice?.label}</En> })
          : t('play.whatHappened')}
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
              <span class="event-kind">
                {entry.kind === 'counterpart' ? t('play.kindCounterpart') : t('play.kindEvent')}:
              </span>{' '}
              <En>{entry.title}</En>
            </h3>
            <Markdown text={entry.text} />
            <ChangeList changes={entry.changes} metrics={props.metrics} />
          </div>
        )}
      </For>
    </section>
  );
}
