import { describe, expect, it } from 'vitest';
import { nicknameSchema } from '../../api/live/protocol';

// The outside tester's cases (issue 27): names that draw as fewer glyphs than the rules count, and a look-alike
// letter slipping a word past the filter.
const refusal = (raw: string) => {
  const parsed = nicknameSchema.safeParse(raw);
  return parsed.success ? null : parsed.error.issues.map((i) => i.message).join('; ');
};

describe('nicknames', () => {
  it('counts what is drawn: grapheme clusters, not code points', () => {
    // Z with 22 combining strokes draws as one character.
    expect(refusal('Z' + '\u0336'.repeat(22))).toMatch(/at least 2 visible characters/);
    // 24 visible characters is the most, however many code units each takes.
    expect(refusal('é'.normalize('NFD').repeat(24))).toBeNull();
    expect(refusal('ab'.repeat(12) + 'c')).toMatch(/at most 24/);
  });

  it('caps the combining marks stacked on one character', () => {
    expect(refusal('Zz' + '\u0489'.repeat(20))).toMatch(/marks/);
    // Thai tone marks stacked on one consonant.
    expect(refusal('กก' + '\u0E48\u0E49\u0E4A\u0E4B'.repeat(3))).toMatch(/marks/);
    // Ordinary names with marks stay welcome: Thai, Vietnamese, Devanagari, Arabic with its vowel signs.
    for (const name of ['สมชาย', 'Nguyễn Thị', 'Lakṣmī', 'क्षितिज', 'مُحَمَّد', 'Ṣàngó'])
      expect(refusal(name), name).toBeNull();
  });

  it('folds look-alike letters before the word filter', () => {
    // A Cyrillic у in place of a Latin u, a Greek ο, full-width letters (NFKC), a dotless ı.
    for (const name of ['f\u0443ck', 'sh\u0131t', 'naz\u0456', 'ｆｕｃｋ', 'n\u0430zi'])
      expect(refusal(name), name).toBe('Choose another nickname.');
    // Names that merely contain such letters are not words of the list.
    expect(refusal('Уляна')).toBeNull();
  });

  it('accepts Arabic-script names, with either form of yeh and kaf', () => {
    for (const name of ['علی', 'علي', 'کاوه', 'كاوه', 'زینب', 'عائشہ'])
      expect(refusal(name), name).toBeNull();
  });
});
