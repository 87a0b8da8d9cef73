import { nicknameKeys } from './nickname';
import type { RosterEntry } from './protocol';
import type { Participant } from './state';

/**
 * A room's participants with the indexes its rules need: look-alike nickname keys (a clash check is one lookup
 * whatever the room's size), tokens (a reconnect finds its participant), team sizes (automatic balance) and the
 * count of those not removed.
 */
export class Roster {
  readonly all = new Map<string, Participant>();
  private readonly byKey = new Map<string, string>();
  private readonly tokens = new Map<string, string>();
  private readonly teamSizes = new Map<string, number>();
  private active = 0;

  constructor(participants: Iterable<Participant> = []) {
    for (const p of participants) this.add(p);
  }

  /** Participants not removed. */
  get count(): number {
    return this.active;
  }

  get(id: string | null | undefined): Participant | undefined {
    return id ? this.all.get(id) : undefined;
  }

  byToken(token: string): Participant | undefined {
    return this.get(this.tokens.get(token));
  }

  /** Whether a nickname, or one that looks the same, is in use. */
  taken(nickname: string): boolean {
    return nicknameKeys(nickname).some((key) => this.byKey.has(key));
  }

  /** The requested team if it is one of `sides`, otherwise the smallest team (automatic balance). */
  teamFor(sides: string[], requested: string | undefined): string {
    if (requested && sides.includes(requested)) return requested;
    const sizes = sides.map((side) => this.teamSizes.get(side) ?? 0);
    return sides[sizes.indexOf(Math.min(...sizes))]!;
  }

  /** Adds (or, after `drop`, adds back) a participant to the indexes. */
  add(p: Participant) {
    this.all.set(p.id, p);
    if (p.removed) return;
    for (const key of nicknameKeys(p.nickname)) this.byKey.set(key, p.id);
    this.tokens.set(p.token, p.id);
    if (p.team) this.teamSizes.set(p.team, (this.teamSizes.get(p.team) ?? 0) + 1);
    this.active++;
  }

  /** Takes a participant out of the indexes (before a move or a removal); the record stays. */
  drop(p: Participant) {
    for (const key of nicknameKeys(p.nickname)) if (this.byKey.get(key) === p.id) this.byKey.delete(key);
    this.tokens.delete(p.token);
    if (p.team) this.teamSizes.set(p.team, (this.teamSizes.get(p.team) ?? 1) - 1);
    this.active--;
  }

  /** Everyone not removed, as the facilitator's console lists them. */
  entries(): RosterEntry[] {
    const entries: RosterEntry[] = [];
    for (const { id, nickname, team, removed } of this.all.values())
      if (!removed) entries.push({ id, nickname, team });
    return entries;
  }
}
