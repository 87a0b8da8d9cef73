// Unicode's confusables mapping (TR39 confusables.txt, one code point → its prototype), as shipped by the
// `unhomoglyph` package. Read per code point rather than through the package's one 6,000-branch regex, which every
// isolate would compile on its first join.
import confusables from 'unhomoglyph/data.json';

const prototypes = confusables as Record<string, string>;

/** Characters that render as nothing: default-ignorables (Hangul fillers, zero-width and bidi controls) and spaces. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{White_Space}]/gu;

/** NFKC, the form a nickname is stored and shown in: full-width and compatibility forms become their plain letters. */
export function normaliseNickname(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/** Characters as a reader sees them: extended grapheme clusters (a letter with its marks, a conjunct) count once. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const MARK = /\p{M}/gu;

/** The most combining marks one character of a name may carry (a Devanagari conjunct or Arabic shadda with a vowel uses 2 or 3). */
export const MAX_MARKS_PER_CHARACTER = 4;

function clusters(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/**
 * How many characters of a nickname are actually drawn: grapheme clusters, invisible ones left out ("Z" with 22
 * combining strokes is one).
 */
export function visibleLength(nickname: string): number {
  return clusters(nickname.replace(INVISIBLE, '')).length;
}

/** The most combining marks stacked on one character of the name. */
export function mostMarks(nickname: string): number {
  let most = 0;
  for (const cluster of clusters(nickname)) most = Math.max(most, cluster.match(MARK)?.length ?? 0);
  return most;
}

/**
 * The name as the word filter reads it: every non-ASCII letter that looks like Latin letters becomes them (TR39's
 * prototypes: a Cyrillic у reads as y, a dotless ı as i), marks and everything else that is not a-z dropped. ASCII
 * letters stay as typed (the data maps "m" to "rn", which is for telling names apart, not for reading words).
 *
 * @example foldForFilter('f\u0443ck') // 'fyck'
 */
export function foldForFilter(nickname: string): string {
  let folded = '';
  for (const ch of nickname.normalize('NFKC').normalize('NFD')) {
    const prototype = ch <= '\u007f' ? ch : prototypes[ch];
    if (prototype && /^[a-z]+$/i.test(prototype)) folded += prototype;
  }
  return folded.toLowerCase();
}

/**
 * Persian and Urdu keyboards type yeh and kaf as ی and ک, Arabic ones as ي/ى and ك: the same letters to a reader, so
 * they are folded to one form before the look-alike check (TR39 treats them as distinct).
 */
const ARABIC_FORMS: Record<string, string> = { '\u064A': '\u06CC', '\u0649': '\u06CC', '\u0643': '\u06A9' };
const ARABIC_FORM = /[\u064A\u0649\u0643]/g;

/** Folds the Arabic yeh and kaf to their Persian/Urdu forms. @example foldArabicScript('علي') === 'علی' */
export function foldArabicScript(text: string): string {
  return text.replace(ARABIC_FORM, (ch) => ARABIC_FORMS[ch] ?? ch);
}

function skeleton(text: string): string {
  let mapped = '';
  for (const ch of foldArabicScript(text.replace(INVISIBLE, '').normalize('NFD')))
    mapped += prototypes[ch] ?? ch;
  return mapped.normalize('NFD');
}

/**
 * The keys under which a nickname counts as taken: the TR39 skeleton of its lower case ("Ana", "ANA" and "Аna" with
 * a Cyrillic А share one) and of the name as typed (a capital I and a small l look alike, though their lower cases
 * do not). Two names look alike when they share a key.
 *
 * @example nicknameKeys('\u0410na').includes(nicknameKeys('ana')[0]!) // true
 */
export function nicknameKeys(nickname: string): string[] {
  const normal = nickname.normalize('NFKC');
  return [...new Set([skeleton(normal.toLowerCase()), skeleton(normal)])];
}
