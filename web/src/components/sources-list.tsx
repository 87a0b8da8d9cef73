import { For, Show } from 'solid-js';
import type { EndingView } from '../../../api/engine';
import { safeHref } from './markdown';

type SourceView = EndingView['sources'][number];

const RELIABILITY = {
  A: 'wire service or major outlet',
  B: 'national or state media',
  C: 'aggregator, blog or partisan outlet',
} as const;

/** Cited sources with the passages and sections they are cited for. */
export function SourcesList(props: { sources: SourceView[]; title: string; open?: boolean }) {
  return (
    <Show when={props.sources.length > 0}>
      <details class="sources" open={props.open}>
        <summary>
          {props.title} ({props.sources.length} source{props.sources.length === 1 ? '' : 's'})
        </summary>
        <ul>
          <For each={props.sources}>
            {(source) => (
              <li>
                <p>
                  <Show when={source.url && safeHref(source.url)} fallback={<strong>{source.title}</strong>}>
                    {(href) => (
                      <a href={href()} rel="noopener noreferrer" target="_blank">
                        <strong>{source.title}</strong>
                      </a>
                    )}
                  </Show>
                  <Show when={source.publisher}>, {source.publisher}</Show>
                  <Show when={source.date}>, {source.date}</Show>
                  <Show when={source.reliability}>
                    {(tier) => (
                      <span class="tag" title={RELIABILITY[tier()]}>
                        tier {tier()}
                      </span>
                    )}
                  </Show>
                </p>
                <Show when={source.locators.length > 0}>
                  <p class="muted">Cited: {source.locators.join('; ')}</p>
                </Show>
                <Show when={source.passage}>
                  <blockquote>{source.passage}</blockquote>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}
