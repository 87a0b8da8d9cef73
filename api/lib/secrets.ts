/**
 * Secrets at rest (our LTI private key, LRS passwords): AES-256-GCM with WebCrypto under a key from the Worker
 * secret SECRETS_KEY (32 random bytes, base64). Each stored value carries the id of the key that sealed it, so a
 * rotation (SECRETS_KEY_PREVIOUS = the old key) still reads old values and re-seals them under the new one.
 * The additional data names the row, so a ciphertext copied into another row does not open. See docs/lti.md.
 */
import { ApiError } from './errors';

// Used only when ENVIRONMENT is "development" and no SECRETS_KEY is set, so `npm start` needs no setup.
const DEVELOPMENT_KEY = 'Y3Jpc2lzLWRlc2stbG9jYWwtc2VjcmV0cy1rZXktMzI='; // base64 of 32 ASCII bytes

type Key = { id: string; key: CryptoKey };
export type Keyring = { current: Key; previous: Key | null };

const decode = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const encode = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

async function importKey(b64: string, name: string): Promise<Key> {
  let raw: Uint8Array;
  try {
    raw = decode(b64.trim());
  } catch {
    raw = new Uint8Array();
  }
  if (raw.length !== 32) {
    throw new ApiError(
      503,
      'misconfigured',
      `${name} must be 32 random bytes in base64 (\`openssl rand -base64 32\`).`,
    );
  }
  // The id is a digest of the key, so it names the key without revealing it and needs no bookkeeping.
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`crisis-desk secrets key ${b64.trim()}`)),
  );
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { id: hex(digest.slice(0, 8)), key };
}

// Per isolate: importing keys costs a digest and an import; the secrets change only with a deploy.
let cached: { source: string; ring: Promise<Keyring> } | null = null;

/** A keyring from a current key and, during a rotation, the previous one (both base64). */
export async function keyringOf(current: string, previous?: string): Promise<Keyring> {
  return {
    current: await importKey(current, 'SECRETS_KEY'),
    previous: previous ? await importKey(previous, 'SECRETS_KEY_PREVIOUS') : null,
  };
}

/** The Worker's keyring. A deploy without SECRETS_KEY fails closed with a clear error where a secret is needed. */
export function keyring(env: Env): Promise<Keyring> {
  const current = env.SECRETS_KEY ?? (env.ENVIRONMENT === 'development' ? DEVELOPMENT_KEY : undefined);
  if (!current) {
    return Promise.reject(
      new ApiError(
        503,
        'misconfigured',
        'The server has no SECRETS_KEY; set it with `openssl rand -base64 32 | wrangler secret put SECRETS_KEY`.',
      ),
    );
  }
  const source = `${current} ${env.SECRETS_KEY_PREVIOUS ?? ''}`;
  if (cached?.source !== source) {
    const ring = keyringOf(current, env.SECRETS_KEY_PREVIOUS);
    cached = { source, ring };
    ring.catch(() => (cached = null));
  }
  return cached.ring;
}

/** A sealed value and the id of the key that sealed it, as stored side by side. */
export type Sealed = { value: string; keyId: string };

/** Seals a secret for one row (`context` names it, e.g. `xapi_lrs:<scope>`): base64 of a fresh 12-byte IV and the ciphertext. */
export async function sealSecret(ring: Keyring, plaintext: string, context: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) },
    ring.current.key,
    new TextEncoder().encode(plaintext),
  );
  const out = new Uint8Array(12 + ciphertext.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ciphertext), 12);
  return { value: encode(out), keyId: ring.current.id };
}

/**
 * Opens a stored secret. `keyId` null is a value stored before encryption (plain text). `stale` says it should be
 * sealed again under the current key (plain, or sealed by the previous key). Throws `misconfigured` when the key
 * that sealed it is not configured (a rotation that dropped SECRETS_KEY_PREVIOUS too early).
 */
export async function openSecret(
  ring: Keyring,
  stored: { value: string; keyId: string | null },
  context: string,
): Promise<{ plaintext: string; stale: boolean }> {
  if (stored.keyId === null) return { plaintext: stored.value, stale: true };
  const key = [ring.current, ring.previous].find((k) => k?.id === stored.keyId);
  if (!key) {
    throw new ApiError(
      503,
      'misconfigured',
      `A stored secret (${context}) was sealed by key ${stored.keyId}, which is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS.`,
    );
  }
  const bytes = decode(stored.value);
  const plaintext = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: new TextEncoder().encode(context) },
    key.key,
    bytes.slice(12),
  );
  return { plaintext: new TextDecoder().decode(plaintext), stale: key !== ring.current };
}
