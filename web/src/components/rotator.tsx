import { createEffect, createMemo, createSignal, For, on, onCleanup, Show, type JSX } from 'solid-js';
import { dir, n, t } from '../i18n';

/**
 * One page at a time, for a screen nobody scrolls (the projector): it moves on by itself every `seconds`, and the
 * arrow keys or the two buttons page by hand. The turning can be paused (a button, or the P key), as content that
 * moves by itself must let people stop it (WCAG 2.2.2). A single page shows without the controls.
 */
export function Rotator(props: {
  pages: (() => JSX.Element)[];
  label: string;
  seconds?: number;
  /** Called after the page changes, so the screen can fit the new page. */
  onPage?: (index: number) => void;
}) {
  const [index, setIndex] = createSignal(0);
  const [paused, setPaused] = createSignal(false);
  // A number that changes only when the count does (the pages are rebuilt on every state the room sends).
  const count = createMemo(() => props.pages.length);
  const go = (step: number) => setIndex((i) => (i + step + count()) % Math.max(1, count()));
  // Fewer pages than before (a reason hidden): stay in range.
  createEffect(() => {
    if (index() >= count()) setIndex(0);
  });
  // Each page, turned by hand or by the timer, gets its full time before the next turn.
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on([index, count, paused], ([i], previous) => {
      if (!previous || previous[0] !== i) props.onPage?.(i);
      clearTimeout(timer);
      if (count() > 1 && !paused()) timer = setTimeout(() => go(1), (props.seconds ?? 10) * 1000);
    }),
  );
  const onKey = (event: KeyboardEvent) => {
    // Forward is the reading direction: the left arrow in Urdu and Persian.
    const next = dir() === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const back = dir() === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    if (event.key === next || event.key === 'PageDown') go(1);
    if (event.key === back || event.key === 'PageUp') go(-1);
    if ((event.key === 'p' || event.key === 'P') && count() > 1) setPaused((p) => !p);
  };
  window.addEventListener('keydown', onKey);
  onCleanup(() => {
    clearTimeout(timer);
    window.removeEventListener('keydown', onKey);
  });
  return (
    <div
      class="rotator"
      role="group"
      aria-roledescription={t('live.slides')}
      aria-label={props.label}
      data-turning={paused() ? 'paused' : 'on'}
    >
      <For each={props.pages}>
        {(page, i) => (
          <Show when={i() === index()}>
            <div class="rotator-page">{page()}</div>
          </Show>
        )}
      </For>
      <Show when={count() > 1}>
        <div class="rotator-controls">
          <button type="button" class="link-button-dark" onClick={() => go(-1)}>
            <span aria-hidden="true">‹</span>
            <span class="visually-hidden">{t('live.previousPage')}</span>
          </button>
          <span>{t('live.eventCount', { number: n(index() + 1), of: n(count()) })}</span>
          <button type="button" class="link-button-dark" onClick={() => go(1)}>
            <span aria-hidden="true">›</span>
            <span class="visually-hidden">{t('live.nextPage')}</span>
          </button>
          <button
            type="button"
            class="link-button-dark rotator-pause"
            aria-pressed={paused()}
            onClick={() => setPaused((p) => !p)}
          >
            {paused() ? t('live.resumeTurning') : t('live.pauseTurning')}
          </button>
        </div>
      </Show>
    </div>
  );
}
