import * as i18n from '@solid-primitives/i18n';
import { createRoot, createSignal } from 'solid-js';
import { dict as en } from './en';
import * as format from './format';
import { isLocale, LOCALE_INFO, negotiateLocale, type Locale } from './locales';

export { LOCALES, LOCALE_INFO, type Locale } from './locales';
export { CONTENT_LANG, En, rich } from './rich';

/** The English messages' shape: every other locale's file is typed by it, so a missing key fails the type check. */
export type Messages = typeof en;

const STORAGE_KEY = 'crisis-desk:locale';
/** The cookie the server reads for its error messages and CSV headers (api/lib/i18n.ts). */
const COOKIE = 'lang';

// English ships with the app (most readers, and the fallback); Urdu and Persian load on demand, with their fonts.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  ur: () => Promise.all([import('./ur'), import('./fonts-ur.css')]).then(([m]) => m.dict),
  fa: () => Promise.all([import('./fonts-fa.css'), import('./fa')]).then(([, m]) => m.dict),
};

const { locale, setLocaleSignal, dict, setDict } = createRoot(() => {
  const [locale, setLocaleSignal] = createSignal<Locale>('en');
  const [dict, setDict] = createSignal(i18n.flatten(en));
  return { locale, setLocaleSignal, dict, setDict };
});

/** The reader's language (reactive). */
export { locale };

/**
 * The message at a key in the reader's language; `{{ name }}` placeholders are filled from the second argument,
 * and a function message (plurals) is called with it.
 * @example t('home.playAs', { side: 'Tehran' })
 */
export const t = i18n.translator(dict, i18n.resolveTemplate);

/** The reading direction of the reader's language. */
export const dir = () => LOCALE_INFO[locale()].dir;

/** The arrow pointing forward in the reading direction (→ in English, ← in Urdu and Persian). */
export const forward = () => (dir() === 'rtl' ? '←' : '→');

/** Formatting in the reader's language (see ./format.ts). */
export const n = (value: number, options?: Intl.NumberFormatOptions) =>
  format.formatNumber(locale(), value, options);
export const pct = (share: number) => format.formatPercent(locale(), share);
export const signed = (value: number) => format.formatSigned(locale(), value);
export const date = (value: Date | number) => format.formatDate(locale(), value);
export const dateTime = (value: Date | number) => format.formatDateTime(locale(), value);
export const time = (value: Date | number) => format.formatTime(locale(), value);
export const crisisDate = (value: Date | number) => format.formatCrisisDate(locale(), value);
/** Sorts a copy of a list by a label, in the reader's alphabetical order. */
export const sortByLabel = <T>(items: readonly T[], label: (item: T) => string) => {
  const compare = format.collator(locale()).compare;
  return [...items].sort((a, b) => compare(label(a), label(b)));
};

let pseudo = false;

/**
 * Switches the app's language: loads its messages (and fonts), sets `<html lang dir>` and remembers the choice on
 * this device and in the cookie the server reads. Storing it on the account is the caller's (lib/session.ts).
 */
export async function setLocale(next: Locale, remember = true): Promise<void> {
  const messages = pseudo
    ? (await import('./pseudo')).pseudoMessages(en)
    : next === 'en'
      ? en
      : await loaders[next]();
  setDict(i18n.flatten(messages));
  setLocaleSignal(next);
  document.documentElement.lang = next;
  document.documentElement.dir = LOCALE_INFO[next].dir;
  document.title = t('app.name');
  if (!remember) return;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Storage refused (private mode): the cookie below still carries the choice.
  }
  document.cookie = `${COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
}

/** The language remembered on this device, if any. */
export function rememberedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Chooses the first language before the first render: the one remembered on this device, else the browser's
 * preference (the list it sends as Accept-Language). `?locale=pseudo` turns on the pseudo-locale the tests use to
 * find text that bypasses the messages.
 */
export async function initLocale(): Promise<void> {
  pseudo =
    new URLSearchParams(location.search).get('locale') === 'pseudo' ||
    sessionStorage.getItem('pseudo') === '1';
  if (pseudo) sessionStorage.setItem('pseudo', '1');
  const remembered = rememberedLocale();
  await setLocale(remembered ?? negotiateLocale(navigator.languages), remembered !== null);
}
