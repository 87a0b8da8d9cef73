import { Show } from 'solid-js';
import type { RoomView } from '../../../api/live/protocol';
import { n, t } from '../i18n';
import { Markdown } from './markdown';

/** The event (or the other side's move) on the room's screens until the facilitator moves past it. */
export function LiveEvent(props: { event: NonNullable<RoomView['event']>; large?: boolean }) {
  return (
    <section
      class={props.large ? 'projector-decision live-event' : 'panel live-event'}
      aria-labelledby="live-event-title"
    >
      <p class={props.large ? 'projector-team' : 'eyebrow'}>
        {props.event.kind === 'event' ? t('live.eventMeanwhile') : t('live.eventOtherSide')}
        <Show when={props.event.of > 1}>
          {' '}
          · {t('live.eventCount', { number: n(props.event.number), of: n(props.event.of) })}
        </Show>
      </p>
      <Show
        when={props.large}
        fallback={
          <h2 id="live-event-title" lang="en">
            {props.event.title}
          </h2>
        }
      >
        <h1 id="live-event-title" lang="en">
          {props.event.title}
        </h1>
      </Show>
      <div class={props.large ? 'projector-body' : undefined} lang="en">
        <Markdown text={props.event.text} />
      </div>
    </section>
  );
}
