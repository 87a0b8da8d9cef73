/** The app's languages, in the order the picker lists them. */
export const LOCALES = ['en', 'ur', 'fa'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's own name (shown in the picker in its own script), direction and the Intl locale for formatting. */
export const LOCALE_INFO: Record<Locale, { name: string; dir: 'ltr' | 'rtl'; intl: string }> = {
  en: { name: 'English', dir: 'ltr', intl: 'en-GB' },
  // Urdu as written in Pakistan: Western digits (CLDR's default for ur-PK, and what Pakistani newspapers, forms and
  // phones use) and the Gregorian calendar.
  ur: { name: 'اردو', dir: 'rtl', intl: 'ur-PK' },
  // Persian as written in Iran: Persian digits and the Solar Hijri calendar (CLDR's defaults for fa-IR).
  fa: { name: 'فارسی', dir: 'rtl', intl: 'fa-IR' },
};

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/**
 * The first of the reader's preferred languages (Accept-Language order) that the app speaks, else English.
 * @example negotiateLocale(['fa-IR', 'en-US']) // 'fa'
 */
export function negotiateLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.trim().split(/[-_;]/)[0]?.toLowerCase();
    if (isLocale(language)) return language;
  }
  return 'en';
}
