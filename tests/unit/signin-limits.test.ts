import { describe, expect, it } from 'vitest';
import { signInDecision, signInDelayMs } from '../../api/lib/signin-limits';

describe('signInDecision', () => {
  it('refuses an address past 20 failures and a pair past 5; an account past 10 only slows down', () => {
    expect(signInDecision({ address: 20, pair: 0, account: 0, device: null })).toEqual({ refuse: 'address' });
    expect(signInDecision({ address: 5, pair: 5, account: 5, device: null })).toEqual({ refuse: 'pair' });
    expect(signInDecision({ address: 0, pair: 0, account: 20, device: null })).toEqual({
      refuse: null,
      delayMs: 5_000,
    });
    expect(signInDelayMs(10)).toBe(500);
    expect(signInDelayMs(9)).toBe(0);
  });

  it("exempts the owner's known browser from all three (20 failures from 20 addresses do not make it wait)", () => {
    expect(signInDecision({ address: 50, pair: 5, account: 20, device: 0 })).toEqual({
      refuse: null,
      delayMs: 0,
    });
    expect(signInDecision({ address: 50, pair: 5, account: 20, device: 9 })).toEqual({
      refuse: null,
      delayMs: 0,
    });
  });

  it('stops exempting a device cookie that has failed ten times itself', () => {
    expect(signInDecision({ address: 0, pair: 5, account: 0, device: 10 })).toEqual({ refuse: 'pair' });
  });
});
