/**
 * The password policy, after NIST SP 800-63B (rev. 4, §3.1.1.2): a minimum length, any characters (spaces and
 * Unicode included; only control characters are refused, since they cannot be typed and hide in copies), no
 * composition rules, and a blocklist checked on the server: common passwords, repeated or sequential characters,
 * and words from the context (the product's name, the email address, the display name).
 *
 * The length is 15: rev. 4 requires at least 15 characters for a password that is the only factor, as ours is. The
 * blocklist works on a "skeleton" of the password (lower-cased, look-alike digits and symbols read as letters,
 * everything but letters and digits dropped) from which the listed words and runs are removed: what is left must
 * still be 6 characters or more, so "Password1234567" and "crisis-desk-2026!" are refused while a passphrase that
 * merely contains a word ("crisis at the border, 1999") is not.
 */
export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 200;
const MIN_LEFT = 6;

/** Common passwords and their stems (from the most-used lists), longest first so a longer word is removed whole. */
const COMMON = [
  'passwordpassword',
  'iloveyou',
  'password',
  'passw0rd',
  'letmein',
  'welcome',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'starwars',
  'whatever',
  'trustno',
  'master',
  'shadow',
  'superman',
  'batman',
  'secret',
  'changeme',
  'default',
  'login',
  'admin',
  'qwerty',
  'azerty',
  'asdfgh',
  'zxcvbn',
  'hello',
  'love',
  'pass',
  'test',
  'user',
  'abc',
].sort((a, b) => b.length - a.length);

/** Keyboard rows and the alphabet and digits in order, whose runs (either way) are no secret. */
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

const SYMBOL_LOOK_ALIKES: Record<string, string> = { '@': 'a', '!': 'i', '0': 'o', $: 's' };
const LOOK_ALIKES: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};

/** Lower-case letters and digits only, with look-alike symbols read as the letters they stand for. */
const skeleton = (text: string, lookAlikes: Record<string, string> = {}) =>
  [...text.normalize('NFKC').toLowerCase()]
    .map((ch) => lookAlikes[ch] ?? ch)
    .filter((ch) => /[\p{L}\p{N}]/u.test(ch))
    .join('');

/** Removes runs of 3 or more repeated characters, and runs of 4 or more along a sequence, either way. */
function withoutRuns(text: string): string {
  let out = text.replace(/(.)\1{2,}/gu, '');
  for (const seq of SEQUENCES)
    for (const line of [seq, [...seq].reverse().join('')])
      for (let len = line.length; len >= 4; len--)
        for (let at = 0; at + len <= line.length; at++) out = out.split(line.slice(at, at + len)).join('');
  // A short pattern repeated ("abcabcabc", "1212121212") is as guessable as the pattern.
  return out.replace(/(.{1,4}?)\1{2,}/gu, '$1');
}

/** The context words a password may not be made of: the product's name, the email's parts, the display name. */
function contextWords(context: { email?: string; displayName?: string }): string[] {
  const words = ['crisisdesk', 'crisis', 'desk'];
  const [local = '', domain = ''] = (context.email ?? '').toLowerCase().split('@');
  for (const part of [local, ...domain.split('.'), ...(context.displayName ?? '').split(/\s+/)]) {
    const s = skeleton(part);
    if (s.length >= 3) words.push(s);
  }
  if (local) words.push(skeleton(local));
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

/**
 * Why a password is refused, in words for the person choosing it, or null when it is acceptable.
 * @example passwordProblem('password12', { email: 'a@b.edu' }) // 'Use at least 15 characters.'
 */
export function passwordProblem(
  password: string,
  context: { email?: string; displayName?: string } = {},
): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if ([...password].length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (/\p{Cc}/u.test(password))
    return 'Use characters you can type: this password has control characters in it.';
  const blocked = [...contextWords(context), ...COMMON];
  // Read as typed, with symbols for letters ("p@ssw0rd"), and with digits for letters too ("p4ssw0rd").
  for (const lookAlikes of [{}, SYMBOL_LOOK_ALIKES, LOOK_ALIKES]) {
    let left = withoutRuns(skeleton(password, lookAlikes));
    for (const word of blocked) left = left.split(word).join('');
    left = withoutRuns(left);
    if (left.length < MIN_LEFT)
      return 'This password is too easy to guess: it is mostly a common password, a run of keys or characters, or your name, email or the product’s name. A few unrelated words make a strong one.';
  }
  return null;
}
