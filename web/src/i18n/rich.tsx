import type { JSX } from 'solid-js';

/**
 * A message with elements in its placeholders (a link, an English name isolated in `<bdi>`): the translation decides
 * where they go.
 * @example rich(t('home.playAs'), { side: <En>{label}</En> })
 */
export function rich(message: string, parts: Record<string, JSX.Element>): JSX.Element {
  return message
    .split(/\{\{\s*(\w+)\s*\}\}/)
    .map((piece, i) => (i % 2 ? (parts[piece] ?? piece) : piece))
    .filter((piece) => piece !== '');
}

/** The language scenario text is written in (all English until the scenarios are translated). */
export const CONTENT_LANG = 'en';

/**
 * Scenario text (still English in every locale) inline, isolated so its direction and punctuation do not disturb the
 * right-to-left line around it.
 */
export function En(props: { children: JSX.Element }) {
  return <bdi lang={CONTENT_LANG}>{props.children}</bdi>;
}
