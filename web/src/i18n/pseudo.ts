// Accented look-alikes: the text stays readable while any string that bypassed the messages stands out as plain ASCII.
const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((ch, i) => [
    ch,
    [...'ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ'][i]!,
  ]),
);

/** Accents a message and stretches it by a third (as translations often are), keeping `{{ placeholders }}` intact. */
export function pseudoText(text: string): string {
  const accented = text
    .split(/(\{\{[^}]*\}\})/)
    .map((part, i) => (i % 2 ? part : part.replace(/[a-zA-Z]/g, (ch) => ACCENTED[ch] ?? ch)))
    .join('');
  return `⟦${accented}${'·'.repeat(Math.ceil(text.length / 3))}⟧`;
}

function transform(value: unknown): unknown {
  if (typeof value === 'string') return pseudoText(value);
  if (typeof value === 'function') {
    const message = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => pseudoText(String(message(...args)));
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, transform(inner)]));
  return value;
}

/** The English messages as a pseudo-locale (the browser tests' check that every string goes through messages). */
export const pseudoMessages = <T>(messages: T) => transform(messages) as T;
