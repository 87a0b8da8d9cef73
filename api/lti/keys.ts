import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { insertFirstKey, listKeys, rotateKeys } from '../db/queries/lti';
import type { Db } from '../db';

const ALG = 'RS256';

async function newKey() {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = crypto.randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
  return { kid, publicJwk: JSON.stringify(publicJwk), privateJwk: JSON.stringify(privateJwk) };
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
  const key = await importJWK(JSON.parse(active.privateJwk) as JWK, ALG);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALG, kid: active.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .setJti(crypto.randomUUID())
    .sign(key);
}
