import { For, Show } from 'solid-js';
import type { EndingView } from '../../../api/engine';
import { En, locale, rich, t } from '../i18n';
import { safeHref } from './markdown';

/** The list comma: Urdu and Persian write «،». */
const comma = () => (locale() === 'en' ? ', ' : '، ');

type SourceView = EndingView['sources'][number];

const RELIABILITY = {
  A: () => t('sources.tierA'),
  B: () => t('sources.tierB'),
  C: () => t('sources.tierC'),
} as const;

/** Cited sources with the passages and sections they are cited for. */
export function SourcesList(props: { sources: SourceView[]; title: string; open?: boolean }) {
  return (
    <Show when={props.sources.length > 0}>
      <details class="sources" open={props.open}>
        <summary>
          {props.title} ({t('sources.count', props.sources.length)})
        </summary>
        <ul>
          <For each={props.sources}>
            {(source) => (
              <li>
                {/* A source's title, publisher and passage are quoted as published (English): isolated as such. */}
                <p>
                  <Show
                    when={source.url && safeHref(source.url)}
                    fallback={
                      <strong>
                        <En>{source.title}</En>
                      </strong>
                    }
                  >
                    {(href) => (
                      <a href={href()} rel="noopener noreferrer" target="_blank">
                        <strong>
                          <En>{source.title}</En>
                        </strong>
                      </a>
                    )}
                  </Show>
                  <Show when={source.publisher}>
                    {comma()}
                    <En>{source.publisher}</En>
                  </Show>
                  <Show when={source.date}>
                    {comma()}
                    <En>{source.date}</En>
                  </Show>
                  <Show when={source.reliability}>
                    {(tier) => (
                      <span class="tag" title={RELIABILITY[tier()]()}>
                        {t('sources.tier', { tier: tier() })}
                      </span>
                    )}
                  </Show>
                </p>
                <Show when={source.locators.length > 0}>
                  <p class="muted">
                    {rich(t('sources.cited'), { where: <En>{source.locators.join('; ')}</En> })}
                  </p>
                </Show>
                <Show when={source.passage}>
                  <blockquote lang="en" dir="auto">
                    {source.passage}
                  </blockquote>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}
