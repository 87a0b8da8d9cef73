import { For, Show } from 'solid-js';
import type { LiveState } from '../lib/live';
import { Markdown } from './markdown';
import { MetricsChart } from './metrics-chart';
import { PathNotes } from './path-notes';
import { En, rich, t } from '../i18n';

/** The end of a live session: the ending, the room's path beside history, the indicators over time, the questions. */
export function LiveDebrief(props: { state: LiveState }) {
  const ending = () => props.state.ending!;
  return (
    <section class="panel" aria-labelledby="live-ending">
      <LiveEndingHead state={props.state} />
      <h2>{t('live.roomPath')}</h2>
      <LiveRoomPath state={props.state} />
      <Show when={ending().timeline.length > 0}>
        <h2>{t('live.indicators')}</h2>
        <MetricsChart metrics={props.state.metrics} timeline={ending().timeline} />
      </Show>
      <Show when={ending().debrief}>
        {(debrief) => (
          <>
            <h2>{t('debrief.whatReally')}</h2>
            <Markdown text={debrief().whatHappened} />
            <PathNotes notes={debrief().pathNotes} heading={t('live.roomRun')} id="live-path-notes" />
            <h2>{t('debrief.discussion')}</h2>
            <ol lang="en" dir="auto">
              <For each={debrief().questions}>{(q) => <li>{q}</li>}</For>
            </ol>
          </>
        )}
      </Show>
    </section>
  );
}

/** The ending's title, text and how much of the room's path matched history: the debrief's and the projector's first page. */
export function LiveEndingHead(props: { state: LiveState }) {
  const ending = () => props.state.ending!;
  return (
    <>
      <h1 id="live-ending" lang="en" dir="auto">
        {ending().title}
      </h1>
      <Show when={ending().text}>{(text) => <Markdown text={text()} />}</Show>
      <Show when={ending().decisions > 0}>
        <p>{t('live.matchedHistory', ending().matchedHistory, ending().decisions)}</p>
      </Show>
    </>
  );
}

/** The room's choices, each beside what the real government chose. */
export function LiveRoomPath(props: { state: LiveState }) {
  return (
    <ol class="live-path">
      <For each={props.state.path}>
        {(step) => (
          <li>
            {rich(t('live.roomChose'), {
              title: (
                <strong>
                  <En>{step.title}</En>
                </strong>
              ),
              choice: <En>{step.choice}</En>,
            })}
            {step.onHistoricalPath === false
              ? rich(t('live.neverArose'), {
                  historical: <En>{step.historical ?? t('debrief.notRecorded')}</En>,
                })
              : step.historical && step.historical !== step.choice
                ? rich(t('live.realChose'), { historical: <En>{step.historical}</En> })
                : t('live.asReal')}
          </li>
        )}
      </For>
    </ol>
  );
}
