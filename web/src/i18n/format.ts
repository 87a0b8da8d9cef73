import { LOCALE_INFO, type Locale } from './locales';

// Formatters are costly to build; one per locale and kind.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules | Intl.Collator>();
function memo<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules | Intl.Collator>(
  key: string,
  make: () => T,
): T {
  let value = cache.get(key) as T | undefined;
  if (!value) cache.set(key, (value = make()));
  return value;
}

/** A number in the locale's digits: 1,234 · ۱٬۲۳۴ · 1,234. */
export const formatNumber = (locale: Locale, n: number, options?: Intl.NumberFormatOptions) =>
  memo(
    `n:${locale}:${JSON.stringify(options ?? {})}`,
    () => new Intl.NumberFormat(LOCALE_INFO[locale].intl, options),
  ).format(n);

/** A whole percentage of a share (0–1): 40% · ۴۰٪ · 40%. */
export const formatPercent = (locale: Locale, share: number) =>
  formatNumber(locale, share, { style: 'percent', maximumFractionDigits: 0 });

/** A signed change with a real minus sign (for screen readers and typography): +3 · −2 · ‎−۲. */
export const formatSigned = (locale: Locale, n: number) =>
  formatNumber(locale, n, { signDisplay: 'exceptZero' }).replace('-', '\u2212');

const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };

/** A date in the locale's calendar: 16 Jan 2024 · ۲۶ دی ۱۴۰۲ · 16 جنوری 2024. */
export const formatDate = (locale: Locale, date: Date | number) =>
  memo(`d:${locale}`, () => new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, DATE)).format(date);

/** A moment with its time, in the reader's time zone. */
export const formatDateTime = (locale: Locale, date: Date | number) =>
  memo(
    `dt:${locale}`,
    () => new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(date);

/** A time of day in the reader's time zone. */
export const formatTime = (locale: Locale, date: Date | number) =>
  memo(
    `t:${locale}`,
    () => new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, { timeStyle: 'medium' }),
  ).format(date);

/**
 * One of the crisis's own dates. Persian readers get the Solar Hijri date with the Gregorian one beside it (the
 * sources they read cite both); the others get their usual Gregorian date.
 * @example formatCrisisDate('fa', Date.UTC(2024, 0, 16)) // '۲۶ دی ۱۴۰۲ (۱۶ ژانویهٔ ۲۰۲۴)'
 */
export function formatCrisisDate(locale: Locale, date: Date | number): string {
  if (locale !== 'fa') return formatDate(locale, date);
  const gregorian = memo(
    'd:fa-gregory',
    () => new Intl.DateTimeFormat('fa-IR-u-ca-gregory', { ...DATE, month: 'long' }),
  ).format(date);
  return `${formatDate(locale, date)} (${gregorian})`;
}

/**
 * The plural form of a count by the locale's rules (CLDR, through Intl.PluralRules); `#` stands for the number in
 * the locale's digits.
 * @example plural('en', 1, { one: '# ending', other: '# endings' }) // '1 ending'
 */
export function plural(
  locale: Locale,
  n: number,
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string },
): string {
  const rule = memo(`p:${locale}`, () => new Intl.PluralRules(LOCALE_INFO[locale].intl)).select(n);
  return (forms[rule] ?? forms.other).replace('#', formatNumber(locale, n));
}

/** A comparison for sorting labels in the locale's alphabetical order. */
export const collator = (locale: Locale) =>
  memo(`c:${locale}`, () => new Intl.Collator(LOCALE_INFO[locale].intl, { numeric: true }));
