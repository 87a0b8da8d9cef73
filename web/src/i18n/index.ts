import * as i18n from '@solid-primitives/i18n';
import { createRoot, createSignal } from 'solid-js';
import { dict as en } from './en';
import * as format from './format';
import { isLocale, LOCALE_INFO, negotiateLocale, type Locale } from './locales';

export { LOCALES, LOCALE_INFO, type Locale } from './locales';
export { CONTENT_LANG, En, rich } from './rich';

/**
 * The messages come in areas, each loaded with the pages that use it, so a page fetches only its own words (the
 * English player's route carries neither the instructor's nor the live room's). `core` (the header, footer, home and
 * status lines) ships with the app in English.
 */
export type Area = 'play' | 'account' | 'live' | 'teach';
/** Each area's English messages' shape: every other locale's file is typed by it, so a missing key fails tsc. */
export interface AreaMessages {
  play: typeof import('./play.en').dict;
  account: typeof import('./account.en').dict;
  live: typeof import('./live.en').dict;
  teach: typeof import('./teach.en').dict;
}
export type CoreMessages = typeof en;
/** Every message, in every area. */
export type Messages = CoreMessages &
  AreaMessages['play'] &
  AreaMessages['account'] &
  AreaMessages['live'] &
  AreaMessages['teach'];

const STORAGE_KEY = 'crisis-desk:locale';
/** The cookie the server reads for its error messages and CSV headers (api/lib/i18n.ts). */
const COOKIE = 'lang';

type Loader<T> = () => Promise<{ dict: T }>;
// English core ships with the app (most readers, and the fallback); Urdu and Persian load on demand, with their fonts.
const coreLoaders: Record<Exclude<Locale, 'en'>, Loader<CoreMessages>> = {
  ur: () => Promise.all([import('./ur'), import('./fonts-ur.css')]).then(([m]) => m),
  fa: () => Promise.all([import('./fonts-fa.css'), import('./fa')]).then(([, m]) => m),
};
// One file per area and language; each becomes its own chunk.
const areaLoaders: { [A in Area]: Record<Locale, Loader<AreaMessages[A]>> } = {
  play: { en: () => import('./play.en'), ur: () => import('./play.ur'), fa: () => import('./play.fa') },
  account: {
    en: () => import('./account.en'),
    ur: () => import('./account.ur'),
    fa: () => import('./account.fa'),
  },
  live: { en: () => import('./live.en'), ur: () => import('./live.ur'), fa: () => import('./live.fa') },
  teach: { en: () => import('./teach.en'), ur: () => import('./teach.ur'), fa: () => import('./teach.fa') },
};

type Flat = i18n.Flatten<Messages>;

const { locale, setLocaleSignal, dict, setDict } = createRoot(() => {
  const [locale, setLocaleSignal] = createSignal<Locale>('en');
  const [dict, setDict] = createSignal<Flat>(i18n.flatten(en) as Flat);
  return { locale, setLocaleSignal, dict, setDict };
});

/** The areas the pages seen so far needed: a change of language loads them again in the new one. */
const areas = new Set<Area>();
/** The loaded areas' messages in the current language, by area. */
let loaded: Partial<Record<Area, object>> = {};
let core: object = en;

/** The reader's language (reactive). */
export { locale };

/**
 * The message at a key in the reader's language; `{{ name }}` placeholders are filled from the second argument,
 * and a function message (plurals) is called with it.
 * @example t('home.playAs', { side: 'Tehran' })
 */
const translate = i18n.translator(dict, i18n.resolveTemplate);
// A key whose area is not loaded shows as the key itself (which the pseudo-locale test catches), never as nothing.
export const t = ((key: string, ...args: unknown[]) =>
  (translate as (key: string, ...args: unknown[]) => unknown)(key, ...args) ?? key) as typeof translate;

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
/** Items joined as the language lists them ("a, b, c", or with "and"; «الف، ب، ج»). */
export const list = (items: string[], type: 'unit' | 'conjunction' = 'unit') =>
  new Intl.ListFormat(LOCALE_INFO[locale()].intl, {
    style: type === 'unit' ? 'narrow' : 'long',
    type,
  }).format(items);
/** Sorts a copy of a list by a label, in the reader's alphabetical order. */
export const sortByLabel = <T>(items: readonly T[], label: (item: T) => string) => {
  const compare = format.collator(locale()).compare;
  return [...items].sort((a, b) => compare(label(a), label(b)));
};

let pseudo = false;

/** An area's messages in a language (the pseudo-locale's are the English ones, accented). */
async function areaMessages(area: Area, target: Locale): Promise<object> {
  const { dict } = await areaLoaders[area][pseudo ? 'en' : target]();
  return pseudo ? (await import('./pseudo')).pseudoMessages(dict) : dict;
}

const publish = () => setDict(i18n.flatten(Object.assign({}, core, ...Object.values(loaded))) as Flat);

/**
 * Loads the messages a page needs in the reader's language before it renders (the routes wrap their lazy pages in
 * it: `lazy(() => withAreas(['play'], () => import('./pages/play')))`).
 */
export async function withAreas<T>(needed: Area[], page: () => Promise<T>): Promise<T> {
  const [module] = await Promise.all([page(), ...needed.map(loadArea)]);
  return module;
}

async function loadArea(area: Area): Promise<void> {
  areas.add(area);
  const target = locale();
  if (loaded[area]) return;
  const messages = await areaMessages(area, target);
  // The language changed meanwhile: setLocale loads this area in the new one.
  if (target !== locale() || loaded[area]) return;
  loaded = { ...loaded, [area]: messages };
  publish();
}

/**
 * Switches the app's language: loads its messages for every area seen so far (and its fonts), sets `<html lang dir>`
 * and remembers the choice on this device and in the cookie the server reads. Storing it on the account is the
 * caller's (lib/session.ts).
 */
export async function setLocale(next: Locale, remember = true): Promise<void> {
  const wanted = [...areas];
  const [nextCore, ...nextAreas] = await Promise.all([
    pseudo
      ? import('./pseudo').then((m) => m.pseudoMessages(en))
      : next === 'en'
        ? en
        : coreLoaders[next]().then((m) => m.dict),
    ...wanted.map((area) => areaMessages(area, next)),
  ]);
  core = nextCore;
  loaded = Object.fromEntries(wanted.map((area, i) => [area, nextAreas[i]]));
  publish();
  setLocaleSignal(next);
  // A page that asked for an area while the new language loaded gets it in the new language.
  for (const area of areas) if (!loaded[area]) void loadArea(area);
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
