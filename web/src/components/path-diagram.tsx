import { For } from 'solid-js';
import type { EndingView } from '../../../api/engine';

import { En, rich, t } from '../i18n';

/**
 * The player's path beside history, drawn like a line map: one stop per decision, yours on the left track and
 * history's on the right, joined where you chose as history did. The words are HTML beside the tracks, so long
 * labels wrap instead of being clipped, and the list reads the same to a screen reader.
 */
export function PathDiagram(props: { comparison: EndingView['comparison'] }) {
  // Off the historical path the marked choice is only the closest to the real side's conduct, not what it did.
  // The same decisions as the score's alignment: on history's path, and not contested by the sources.
  const counted = () => props.comparison.filter((r) => r.counted);
  const matched = (row: EndingView['comparison'][number]) => row.matched && row.onHistoricalPath;
  const historyText = (row: EndingView['comparison'][number]) =>
    !row.onHistoricalPath ? (
      rich(t('debrief.neverFaced'), { label: <En>{row.historical?.label ?? t('debrief.notRecorded')}</En> })
    ) : row.matched ? (
      t('debrief.same')
    ) : row.historical ? (
      <En>{row.historical.label}</En>
    ) : (
      t('debrief.notRecorded')
    );
  return (
    <figure class="path-diagram">
      <figcaption class="path-legend">
        <span class="path-key path-key-you">{t('debrief.you')}</span>{' '}
        <span class="path-key path-key-history">{t('debrief.history')}</span> ·{' '}
        {t('debrief.matchedOf', counted().filter((r) => r.matched).length, counted().length)}
      </figcaption>
      <ol class="path-list">
        <For each={props.comparison}>
          {(row) => (
            <li class={matched(row) ? 'path-row matched' : 'path-row differed'}>
              <span class="path-track" aria-hidden="true">
                <span class="path-node path-node-you" />
                <span class={matched(row) ? 'path-link matched' : 'path-link differed'} />
                <span class="path-node path-node-history" />
              </span>
              <span class="path-text">
                <strong class="path-step">
                  <En>{row.title}</En>
                </strong>
                <span class="path-line">
                  <span class="path-who">{t('debrief.youLine')}</span> <En>{row.chosen.label}</En>
                </span>
                <span class="path-line">
                  <span class="path-who">{t('debrief.historyLine')}</span> {historyText(row)}
                </span>
              </span>
            </li>
          )}
        </For>
      </ol>
    </figure>
  );
}
