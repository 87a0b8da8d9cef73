/** The xAPI queue: statements are stored with the decision, sent after the response, and retried by the cron. */
import {
  dueStatements,
  lrsForRun,
  lrsSecrets,
  resealLrsSecret,
  markStatementsFailed,
  markStatementsParked,
  settledAmong,
  markStatementsSent,
  queueStatements,
} from '../db/queries/xapi';
import { env } from 'cloudflare:workers';
import type { Scenario, Score } from '../engine';
import { keyring, openSecret, sealSecret } from '../lib/secrets';
import { createDb, type Db } from '../db';
import { answeredStatement, completedStatement, XAPI_VERSION } from './statements';

const TIMEOUT_MS = 10_000;

/** A batch that failed for a passing reason (the LRS down, a timeout): its statements wait for a retry. */
class StatementsFailed extends Error {
  constructor(
    readonly ids: string[],
    message: string,
  ) {
    super(message);
  }
}
export const XAPI_RETRY_AFTER_MS = 5 * 60_000;

/** What an LRS's secret is sealed for: its own row, so a value copied to another row does not open. */
const lrsContext = (scope: string) => `xapi_lrs:${scope}`;

/** An LRS's secret as stored: sealed under SECRETS_KEY (api/lib/secrets.ts). */
export async function sealLrsSecret(scope: string, secret: string) {
  const sealed = await sealSecret(await keyring(env), secret, lrsContext(scope));
  return { secret: sealed.value, secretKeyId: sealed.keyId };
}

/** An LRS's secret in the clear, sealed anew when it was plain text or under the previous SECRETS_KEY. */
async function openLrsSecret(db: Db, lrs: { scope: string; secret: string; secretKeyId: string | null }) {
  const ring = await keyring(env);
  const context = lrsContext(lrs.scope);
  const opened = await openSecret(ring, { value: lrs.secret, keyId: lrs.secretKeyId }, context);
  if (opened.stale) await resealLrsSecret(db, lrs.scope, await sealSecret(ring, opened.plaintext, context));
  return opened.plaintext;
}

/** The cron's part: seals anew every LRS secret not under the current SECRETS_KEY. Returns how many. */
export async function resealLrsSecrets(db: Db): Promise<number> {
  let resealed = 0;
  for (const lrs of await lrsSecrets(db)) {
    const before = lrs.secretKeyId;
    await openLrsSecret(db, lrs);
    if (before !== (await keyring(env)).current.id) resealed++;
  }
  return resealed;
}

export type DecisionEvent = {
  origin: string;
  runId: string;
  player: { userId: string | null; guestId: string | null };
  assignmentId: string | null;
  scenario: Scenario;
  side: string;
  nodeId: string;
  choiceId: string;
  justification: string | null;
  timeTakenMs: number;
  /** The run's score after the decision; `ending` set when it finished the run. */
  result: Score;
  finished: boolean;
  timeSpentMs: number;
};

/**
 * Queues a decision's `answered` statement (and `completed` when it finished the run) if an LRS is configured for
 * the run (one read, one insert), then sends them after the response: an LRS that is down never slows play.
 */
export async function queueDecision(
  db: Db,
  event: DecisionEvent,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<void> {
  const lrs = await lrsForRun(db, event.assignmentId);
  if (!lrs) return;
  const now = new Date();
  const context = {
    origin: event.origin,
    runId: event.runId,
    player: event.player,
    scenario: event.scenario,
    side: event.side,
    cohortId: lrs.cohortId,
  };
  const statements = [
    answeredStatement(context, event, now),
    ...(event.finished
      ? [completedStatement(context, { result: event.result, timeSpentMs: event.timeSpentMs }, now)]
      : []),
  ];
  await queueStatements(
    db,
    statements.map((s) => ({
      id: s.id,
      lrsScope: lrs.scope,
      runId: event.runId,
      statement: JSON.stringify(s),
      nextAttemptAt: now,
    })),
  );
  // Only these statements: earlier ones that failed wait for the cron, so concurrent choices never send twice.
  waitUntil(sendDue(db, { now, ids: statements.map((s) => s.id) }).catch(() => undefined));
}

/** Sends due statements, one POST per LRS. Returns how many were stored and how many wait for a retry. */
async function sendDue(
  db: Db,
  args: { now: Date; ids?: string[]; limit?: number },
): Promise<{ sent: number; failed: number; parked: number }> {
  const due = await dueStatements(db, args);
  const byLrs = new Map<string, typeof due>();
  for (const row of due) byLrs.set(row.scope, [...(byLrs.get(row.scope) ?? []), row]);
  let sent = 0;
  let failed = 0;
  let parked = 0;
  for (const rows of byLrs.values()) {
    const { endpoint, key } = rows[0]!;
    let secret: string;
    try {
      secret = await openLrsSecret(db, rows[0]!);
    } catch (error) {
      // No key opens it (SECRETS_KEY unset, or rotated without SECRETS_KEY_PREVIOUS): wait, as for a down LRS.
      const ids = rows.map((r) => r.id);
      const message = String((error as Error).message ?? error);
      await markStatementsFailed(db, ids, message, new Date(args.now.getTime() + XAPI_RETRY_AFTER_MS));
      failed += ids.length;
      continue;
    }
    const post = (batch: typeof rows) =>
      fetch(`${endpoint.replace(/\/$/, '')}/statements`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${btoa(`${key}:${secret}`)}`,
          'Content-Type': 'application/json',
          'X-Experience-API-Version': XAPI_VERSION,
        },
        body: `[${batch.map((r) => r.statement).join(',')}]`,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    /**
     * Sends a batch. A 409 (some id is already stored: an earlier post went through) or a 400 (some statement is
     * refused) says nothing about which statement: split the batch and send the halves, down to one statement,
     * which is then stored (409: the LRS holds this id) or parked with the reason (400). Statement ids make every
     * resend idempotent (xAPI 1.0.3, 2.2 and 7.2.2).
     */
    const deliver = async (batch: typeof rows): Promise<void> => {
      const ids = batch.map((r) => r.id);
      const response = await post(batch);
      if (response.ok) {
        await markStatementsSent(db, ids);
        sent += ids.length;
        return;
      }
      if (response.status !== 409 && response.status !== 400)
        throw new StatementsFailed(ids, `the LRS answered ${response.status}`);
      if (batch.length === 1) {
        if (response.status === 409) {
          await markStatementsSent(db, ids);
          sent += 1;
        } else {
          const reason = (await response.text().catch(() => '')).slice(0, 300);
          await markStatementsParked(
            db,
            ids,
            `the LRS refused this statement (400)${reason ? `: ${reason}` : ''}`,
          );
          parked += 1;
        }
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await deliver(batch.slice(0, half));
      await deliver(batch.slice(half));
    };
    try {
      await deliver(rows);
    } catch (error) {
      // The statements not yet settled wait for the cron (a down LRS, a timeout, a refused password).
      const unsettled = rows.map((r) => r.id);
      const settled = new Set(await settledAmong(db, unsettled));
      const ids = unsettled.filter((id) => !settled.has(id));
      await markStatementsFailed(
        db,
        ids,
        String((error as Error).message ?? error),
        new Date(args.now.getTime() + XAPI_RETRY_AFTER_MS),
      );
      failed += ids.length;
    }
  }
  return { sent, failed, parked };
}

/** The cron's part: sends every statement whose retry time has come. */
export const retryStatements = (d1: D1Database, now: Date) => sendDue(createDb(d1), { now, limit: 500 });
