/** A random, URL-safe token with 256 bits of entropy (session cookies, guest ids). */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** SHA-256 of a text as hex (WebCrypto, so the same in Workers and Node). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A random code of capitals and digits without look-alikes (no I, O, 0 or 1), easy to read aloud and type.
 * @example randomCode(8) // "K7QH2MXA", a cohort's join code
 */
export function randomCode(length: number): string {
  return [...crypto.getRandomValues(new Uint8Array(length))]
    .map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length])
    .join('');
}
