import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../api/lib/password-policy';

const context = { email: 'farid.rahimi@uni.example.edu', displayName: 'Farid Rahimi' };

describe('passwordProblem', () => {
  it("refuses the tester's weak passwords", () => {
    for (const weak of ['aaaaaaaaaa', '1234567890', 'password12', '\0'.repeat(10)])
      expect(passwordProblem(weak, context)).not.toBeNull();
  });

  it('refuses long passwords that are common words, runs, repetitions or the context', () => {
    for (const weak of [
      'aaaaaaaaaaaaaaaaaaaa',
      '123456789012345678',
      'passwordpassword1',
      'P@ssw0rd12345678',
      'qwertyuiop123456',
      'abcabcabcabcabcabc',
      'crisis-desk-2026!!',
      'CrisisDeskCrisisDesk',
      'farid.rahimi@uni.example.edu',
      'FaridRahimi123456',
      '\0'.repeat(20),
      'a long password\u0007bell',
    ])
      expect(passwordProblem(weak, context), weak).not.toBeNull();
  });

  it('accepts passphrases and any characters, spaces and other scripts included', () => {
    for (const good of [
      'a long enough password',
      'correct horse battery staple',
      'crisis at the border, 1999',
      'رمز عبور من خیلی طولانی است',
      'tr0mbone-lantern-quiet-7',
    ])
      expect(passwordProblem(good, context), good).toBeNull();
  });

  it('says the minimum length', () => {
    expect(passwordProblem('short', context)).toBe('Use at least 15 characters.');
  });
});
