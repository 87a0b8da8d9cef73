import { Show } from 'solid-js';
import type { RoomView } from '../../../api/live/protocol';
import { Markdown } from './markdown';

/** The event (or the other side's move) on the room's screens until the facilitator moves past it. */
export function LiveEvent(props: { event: NonNullable<RoomView['event']>; large?: boolean }) {
  return (
    <section
      class={props.large ? 'projector-decision live-event' : 'panel live-event'}
      aria-labelledby="live-event-title"
    >
      <p class={props.large ? 'projector-team' : 'eyebrow'}>
        {props.event.kind === 'event' ? 'Meanwhile' : 'The other side moves'}
        <Show when={props.event.of > 1}>
          {' '}
          · {props.event.number} of {props.event.of}
        </Show>
      </p>
      <Show when={props.large} fallback={<h2 id="live-event-title">{props.event.title}</h2>}>
        <h1 id="live-event-title">{props.event.title}</h1>
      </Show>
      <div class={props.large ? 'projector-body' : undefined}>
        <Markdown text={props.event.text} />
      </div>
    </section>
  );
}
