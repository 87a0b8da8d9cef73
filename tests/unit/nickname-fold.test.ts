import { describe, expect, it } from 'vitest';
import { foldArabicScript, nicknameKeys } from '../../api/live/nickname';

const sameName = (a: string, b: string) => nicknameKeys(a).some((key) => nicknameKeys(b).includes(key));

describe('Arabic-script nickname folding', () => {
  it('folds the Arabic yeh and kaf to their Persian and Urdu forms', () => {
    expect(foldArabicScript('\u0639\u0644\u064A')).toBe('\u0639\u0644\u06CC'); // علي → علی
    expect(foldArabicScript('\u0643\u0627\u0645\u0631\u0627\u0646')).toBe(
      '\u06A9\u0627\u0645\u0631\u0627\u0646',
    );
    expect(foldArabicScript('\u0645\u0648\u0633\u0649')).toBe('\u0645\u0648\u0633\u06CC'); // alef maksura
    expect(foldArabicScript('Ana')).toBe('Ana');
  });

  it('treats a Persian-keyboard name and an Arabic-keyboard name as the same name', () => {
    expect(sameName('\u0639\u0644\u06CC', '\u0639\u0644\u064A')).toBe(true); // علی / علي
    expect(sameName('\u06A9\u0627\u0645\u0631\u0627\u0646', '\u0643\u0627\u0645\u0631\u0627\u0646')).toBe(
      true,
    ); // کامران / كامران
  });

  it('keeps different Arabic-script names apart and mixed-script look-alikes taken', () => {
    expect(sameName('\u0639\u0644\u06CC', '\u0631\u0636\u0627')).toBe(false); // علی / رضا
    expect(sameName('\u0410na', 'Ana')).toBe(true); // Cyrillic А
  });
});
