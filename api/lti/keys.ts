import { env } from 'cloudflare:workers';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { insertFirstKey, listKeys, resealKey, rotateKeys } from '../db/queries/lti';
import { keyring, openSecret, sealSecret } from '../lib/secrets';
import type { Db } from '../db';

const ALG = 'RS256';

/** What a stored private key is sealed for: its own row, so a value copied to another row does not open. */
const keyContext = (kid: string) => `lti_keys:${kid}`;

/** A new key pair, its private half sealed under SECRETS_KEY (api/lib/secrets.ts) as it is stored. */
async function newKey() {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = crypto.randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
  const sealed = await sealSecret(await keyring(env), JSON.stringify(privateJwk), keyContext(kid));
  return {
    kid,
    publicJwk: JSON.stringify(publicJwk),
    privateJwk: sealed.value,
    privateJwkKeyId: sealed.keyId,
  };
}

/** Our keys, creating the first on first use (so a fresh install needs no set-up step). */
async function keys(db: Db) {
  let rows = await listKeys(db);
  if (!rows.some((k) => k.status === 'active')) {
    await insertFirstKey(db, await newKey());
    rows = await listKeys(db);
  }
  return rows;
}

/** The JWKS we publish at /api/lti/jwks: the active key and the one it replaced, so in-flight assertions still verify. */
export async function publicJwks(db: Db): Promise<{ keys: JWK[] }> {
  return { keys: (await keys(db)).map((k) => JSON.parse(k.publicJwk) as JWK) };
}

/** Replaces the active key; the previous one stays published until the next rotation. Returns the new key's id. */
export async function rotateKey(db: Db): Promise<string> {
  const key = await newKey();
  await rotateKeys(db, key);
  return key.kid;
}

/**
 * Signs a JWT with our active key (client-credentials assertions, deep-linking responses).
 * @example await signWithToolKey(db, { iss: clientId, sub: clientId, aud: tokenUrl }, '5m')
 */
export async function signWithToolKey(
  db: Db,
  payload: Record<string, unknown>,
  expiresIn: string,
): Promise<string> {
  const active = (await keys(db)).find((k) => k.status === 'active')!;
  const ring = await keyring(env);
  const opened = await openSecret(
    ring,
    { value: active.privateJwk, keyId: active.privateJwkKeyId },
    keyContext(active.kid),
  );
  // A key stored in plain text (before encryption) or under the previous SECRETS_KEY is sealed anew on use.
  if (opened.stale)
    await resealKey(db, active.kid, await sealSecret(ring, opened.plaintext, keyContext(active.kid)));
  const key = await importJWK(JSON.parse(opened.plaintext) as JWK, ALG);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALG, kid: active.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .setJti(crypto.randomUUID())
    .sign(key);
}

/**
 * The cron's part: seals again our keys not sealed under the current SECRETS_KEY (plain text from before encryption,
 * or the previous key after a rotation). Returns how many were sealed anew.
 */
export async function resealToolKeys(db: Db): Promise<number> {
  const ring = await keyring(env);
  let resealed = 0;
  for (const k of await listKeys(db)) {
    const opened = await openSecret(
      ring,
      { value: k.privateJwk, keyId: k.privateJwkKeyId },
      keyContext(k.kid),
    );
    if (!opened.stale) continue;
    await resealKey(db, k.kid, await sealSecret(ring, opened.plaintext, keyContext(k.kid)));
    resealed++;
  }
  return resealed;
}
