import { Show } from 'solid-js';

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
      <h2 id="damaged-heading">This run cannot go on</h2>
      <p>
        Its record was damaged from decision {props.step + 1} on, so it cannot be played further. The page
        shows the run up to there. You can abandon it, or start the scenario again.
      </p>
      <div class="decide-row">
        <Show when={props.canAbandon}>
          <button
            class="button button-secondary"
            type="button"
            onClick={() => props.onAbandon(false)}
            disabled={props.busy}
          >
            Abandon this run
          </button>
        </Show>
        <button class="button" type="button" onClick={() => props.onAbandon(true)} disabled={props.busy}>
          Start again
        </button>
      </div>
    </section>
  );
}
