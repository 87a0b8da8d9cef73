import { For, Show } from 'solid-js';
import type { MetricView, TimelineEntryView } from '../../../api/engine';
import { signed } from '../lib/format';
import { En, rich, t } from '../i18n';
import { Markdown } from './markdown';

const KIND_LABEL = {
  decision: () => t('play.kindDecision'),
  counterpart: () => t('play.kindCounterpart'),
  event: () => t('play.kindEvent'),
} as const;

/** Green for a change that is good for the player's side, red for a bad one, neutral when unscored. */
export const deltaClass = (delta: number, goodWhen: 'higher' | 'lower' | null) =>
  goodWhen === null ? 'delta-neutral' : delta > 0 === (goodWhen === 'higher') ? 'delta-good' : 'delta-bad';

/** Metric changes as a short readable list, e.g. "Escalation risk +4, Working ties −2". */
export function ChangeList(props: { changes: Record<string, number>; metrics: MetricView[] }) {
  const entries = () => Object.entries(props.changes).filter(([, d]) => d !== 0);
  return (
    <Show when={entries().length > 0}>
      <ul class="change-list" aria-label={t('play.changes')}>
        <For each={entries()}>
          {([id, delta]) => {
            const metric = props.metrics.find((m) => m.id === id);
            return (
              <li class={deltaClass(delta, metric?.goodWhen ?? null)}>
                <En>{metric?.label ?? id}</En> {signed(delta)}
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
}

/**
 * Everything that has happened so far: the player's decisions, the other side's moves and narrated events. With
 * `student`, an instructor reads someone else's run: "their decision", "Noor chose", and the reasons they gave.
 */
export function Timeline(props: { entries: TimelineEntryView[]; metrics: MetricView[]; student?: string }) {
  return (
    <ol class="timeline">
      <For each={props.entries}>
        {(entry) => (
          <li class={`timeline-entry timeline-${entry.kind}`}>
            <p class="timeline-kind">
              {props.student && entry.kind === 'decision'
                ? t('drill.theirDecision')
                : KIND_LABEL[entry.kind]()}
            </p>
            <h3 class="timeline-title" lang="en" dir="auto">
              {entry.title}
            </h3>
            <Show when={entry.kind === 'decision' && entry.choice}>
              <p class="timeline-choice">
                {props.student
                  ? rich(t('drill.chose'), {
                      name: <bdi>{props.student}</bdi>,
                      choice: <En>{entry.choice!.label}</En>,
                    })
                  : rich(t('play.youChose'), { choice: <En>{entry.choice!.label}</En> })}
              </p>
              <Show when={props.student && entry.justification}>
                <p class="timeline-reason">
                  {t('drill.reason')} <q dir="auto">{entry.justification}</q>
                </p>
              </Show>
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
