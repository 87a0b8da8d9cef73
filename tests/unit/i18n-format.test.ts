import { describe, expect, it } from 'vitest';
import {
  collator,
  formatCrisisDate,
  formatDate,
  formatNumber,
  formatPercent,
  formatSigned,
  plural,
} from '../../web/src/i18n/format';
import { negotiateLocale } from '../../web/src/i18n/locales';
import { pseudoText } from '../../web/src/i18n/pseudo';

const STRIKES = Date.UTC(2024, 0, 16); // Iran's strike in Balochistan, 16 January 2024

describe('number formatting', () => {
  it('writes Persian digits in Persian and Western digits in Urdu and English', () => {
    expect(formatNumber('fa', 1234)).toBe('۱٬۲۳۴');
    expect(formatNumber('ur', 1234)).toBe('1,234');
    expect(formatNumber('en', 1234)).toBe('1,234');
  });

  it('formats percentages and signed changes by the locale', () => {
    expect(formatPercent('en', 0.4)).toBe('40%');
    expect(formatPercent('fa', 0.4)).toMatch(/^۴۰\s?٪$/u);
    expect(formatSigned('en', 3)).toBe('+3');
    expect(formatSigned('en', -2)).toBe('\u22122');
    expect(formatSigned('en', 0)).toBe('0');
    expect(formatSigned('fa', -2)).toContain('۲');
  });
});

describe('date formatting', () => {
  it('gives the Solar Hijri date in Persian: 16 January 2024 is 26 Dey 1402', () => {
    expect(formatDate('fa', STRIKES)).toBe('۲۶ دی ۱۴۰۲');
  });

  it('puts the Gregorian date beside a crisis date in Persian only', () => {
    const fa = formatCrisisDate('fa', STRIKES);
    expect(fa.startsWith('۲۶ دی ۱۴۰۲ (')).toBe(true);
    expect(fa).toContain('۱۶');
    expect(fa).toContain('۲۰۲۴');
    expect(fa).toContain('ژانویه');
    expect(formatCrisisDate('en', STRIKES)).toBe('16 Jan 2024');
    expect(formatCrisisDate('ur', STRIKES)).toBe(formatDate('ur', STRIKES));
  });

  it('keeps the Gregorian calendar and Western digits in Urdu', () => {
    const ur = formatDate('ur', STRIKES);
    expect(ur).toContain('16');
    expect(ur).toContain('2024');
    expect(ur).toContain('جنوری');
  });
});

describe('plurals and sorting', () => {
  it('chooses the plural form by the locale and writes the count in its digits', () => {
    expect(plural('en', 1, { one: '# ending', other: '# endings' })).toBe('1 ending');
    expect(plural('en', 3, { one: '# ending', other: '# endings' })).toBe('3 endings');
    expect(plural('fa', 3, { other: '# پایان' })).toBe('۳ پایان');
    expect(plural('ur', 1, { one: '# منٹ', other: '# منٹ' })).toBe('1 منٹ');
  });

  it('sorts Persian names in Persian alphabetical order', () => {
    const names = ['ژاله', 'زهرا', 'پروین', 'بهرام'];
    expect([...names].sort(collator('fa').compare)).toEqual(['بهرام', 'پروین', 'زهرا', 'ژاله']);
  });
});

describe('locale choice', () => {
  it('takes the first language of Accept-Language that the app speaks', () => {
    expect(negotiateLocale(['fa-IR', 'en-US'])).toBe('fa');
    expect(negotiateLocale(['de-DE', 'ur-PK'])).toBe('ur');
    expect(negotiateLocale(['de-DE'])).toBe('en');
    expect(negotiateLocale([])).toBe('en');
  });

  it('makes a pseudo-locale that keeps placeholders and marks the text', () => {
    expect(pseudoText('Play as {{ side }}')).toMatch(/^⟦Ƥŀȧẏ ȧş \{\{ side \}\}·+⟧$/u);
  });
});
