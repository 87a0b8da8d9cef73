import { For, type JSX } from 'solid-js';
import { CONTENT_LANG } from '../i18n/rich';

/**
 * Renders the Markdown subset scenarios use (paragraphs, "- " lists, **bold**, *italic*, `code`, [links](https://…))
 * by building elements, never HTML strings: authored text can't inject markup, scripts or event handlers, and only
 * http(s) and mailto links become links.
 */
export function Markdown(props: { text: string; class?: string }) {
  // Scenario text keeps its own language inside an Urdu or Persian page, isolated in its own direction.
  return (
    <div class={props.class ?? 'prose'} lang={CONTENT_LANG} dir="auto">
      {renderBlocks(props.text)}
    </div>
  );
}

function renderBlocks(text: string): JSX.Element[] {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/);
  return blocks.map((block) => {
    const lines = block.split('\n');
    if (lines.every((line) => /^\s*[-*] /.test(line))) {
      return (
        <ul>
          <For each={lines}>{(line) => <li>{renderInline(line.replace(/^\s*[-*] /, ''))}</li>}</For>
        </ul>
      );
    }
    if (lines.every((line) => /^\s*\d+\. /.test(line))) {
      return (
        <ol>
          <For each={lines}>{(line) => <li>{renderInline(line.replace(/^\s*\d+\. /, ''))}</li>}</For>
        </ol>
      );
    }
    const heading = /^(#{1,3}) (.*)$/.exec(block);
    if (heading && lines.length === 1) return <p class="prose-heading">{renderInline(heading[2]!)}</p>;
    return <p>{renderInline(lines.join(' '))}</p>;
  });
}

const INLINE = /(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`|\[[^\]]+\]\([^)\s]+\))/g;

function renderInline(text: string): (string | JSX.Element)[] {
  return text.split(INLINE).map((part) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return <code>{part.slice(1, -1)}</code>;
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2) return <em>{part.slice(1, -1)}</em>;
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link) {
      const href = safeHref(link[2]!);
      return href ? (
        <a href={href} rel="noopener noreferrer" target="_blank">
          {link[1]}
        </a>
      ) : (
        link[1]!
      );
    }
    return part;
  });
}

/** Only absolute http(s) and mailto links survive; `javascript:` and the rest become plain text. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
