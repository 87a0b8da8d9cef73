import { For, Show } from 'solid-js';
import type { LiveState } from '../lib/live';
import { Markdown } from './markdown';
import { MetricsChart } from './metrics-chart';
import { PathNotes } from './path-notes';

/** The end of a live session: the ending, the room's path beside history, the indicators over time, the questions. */
export function LiveDebrief(props: { state: LiveState }) {
  const ending = () => props.state.ending!;
  return (
    <section class="panel" aria-labelledby="live-ending">
      <h1 id="live-ending">{ending().title}</h1>
      <Show when={ending().text}>{(text) => <Markdown text={text()} />}</Show>
      <Show when={ending().decisions > 0}>
        <p>
          {ending().matchedHistory} of the {ending().decisions} decisions that really arose went as they did
          in history.
        </p>
      </Show>
      <h2>The room's path beside history</h2>
      <ol class="live-path">
        <For each={props.state.path}>
          {(step) => (
            <li>
              <strong>{step.title}</strong>: the room chose “{step.choice}”
              {step.onHistoricalPath === false
                ? `; this decision never arose in history (closest to the real side: “${step.historical ?? 'not recorded'}”).`
                : step.historical && step.historical !== step.choice
                  ? `; the real side chose “${step.historical}”.`
                  : '; as the real side did.'}
            </li>
          )}
        </For>
      </ol>
      <Show when={ending().timeline.length > 0}>
        <h2>The indicators over time</h2>
        <MetricsChart metrics={props.state.metrics} timeline={ending().timeline} />
      </Show>
      <Show when={ending().debrief}>
        {(debrief) => (
          <>
            <h2>What really happened</h2>
            <Markdown text={debrief().whatHappened} />
            <PathNotes
              notes={debrief().pathNotes}
              heading="The room's run beside history"
              id="live-path-notes"
            />
            <h2>Questions for discussion</h2>
            <ol>
              <For each={debrief().questions}>{(q) => <li>{q}</li>}</For>
            </ol>
          </>
        )}
      </Show>
    </section>
  );
}
