const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Sign-in throttling, counting failures only (a right password never counts), with OWASP's "device cookie": a
 * browser that has signed in to an account before carries a signed cookie naming it, and attempts on that account
 * from that browser skip the limits below until the cookie itself has `perDevice` failures in the window.
 * Without one: an address gets 20 failures per 15 minutes; an account-and-address pair 5, then 429 for that pair
 * only; failures on an account from everywhere never refuse it but, past 10, slow each attempt on it by 0.5 s per
 * failure (at most 5 s).
 */
export const SIGNIN_LIMITS = {
  windowMs: FIFTEEN_MINUTES,
  perAddress: 20,
  perAccountAndAddress: 5,
  perDevice: 10,
  accountSlowAfter: 10,
  /** Added per failure past `accountSlowAfter`, up to `maxDelayMs`. */
  delayStepMs: 500,
  maxDelayMs: 5_000,
} as const;

/** How long an attempt on an account waits, given its failures in the window. */
export const signInDelayMs = (accountFailures: number) =>
  Math.min(
    SIGNIN_LIMITS.maxDelayMs,
    Math.max(0, accountFailures - SIGNIN_LIMITS.accountSlowAfter + 1) * SIGNIN_LIMITS.delayStepMs,
  );

/** The failures in the window that a sign-in attempt is judged by; `device` is null without a device cookie. */
export type SignInFailures = { address: number; pair: number; account: number; device: number | null };

/**
 * What to do with a sign-in attempt before its password is checked: refuse it (which counter is full), or go on
 * after waiting `delayMs`.
 * @example signInDecision({ address: 3, pair: 5, account: 5, device: null }) // { refuse: 'pair' }
 */
export function signInDecision(
  failures: SignInFailures,
): { refuse: 'address' | 'pair'; delayMs?: never } | { refuse: null; delayMs: number } {
  // A browser that signed in to this account before is exempt, unless its own cookie is being used to guess.
  if (failures.device !== null && failures.device < SIGNIN_LIMITS.perDevice)
    return { refuse: null, delayMs: 0 };
  if (failures.address >= SIGNIN_LIMITS.perAddress) return { refuse: 'address' };
  if (failures.pair >= SIGNIN_LIMITS.perAccountAndAddress) return { refuse: 'pair' };
  return { refuse: null, delayMs: signInDelayMs(failures.account) };
}
