import { Show } from 'solid-js';

import { t } from '../i18n';
/**
 * A run whose record no longer replays from decision `step` on: it cannot go on, so the player may abandon it (while
 * it is in progress) or start the scenario again.
 */
export function DamagedRunPanel(props: {
  step: number;
  canAbandon: boolean;
  busy: boolean;
  onAbandon: (thenRestart: boolean) => void;
}) {
  return (
    <section class="panel damaged" role="alert" aria-labelledby="damaged-heading">
      <h2 id="damaged-heading">{t('play.damagedTitle')}</h2>
      <p>{t('play.damagedBody', props.step + 1)}</p>
      <div class="decide-row">
        <Show when={props.canAbandon}>
          <button
            class="button button-secondary"
            type="button"
            onClick={() => props.onAbandon(false)}
            disabled={props.busy}
          >
            {t('play.abandon')}
          </button>
        </Show>
        <button class="button" type="button" onClick={() => props.onAbandon(true)} disabled={props.busy}>
          {t('play.startAgain')}
        </button>
      </div>
    </section>
  );
}
