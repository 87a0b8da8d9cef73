import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '..';
import { assignments, xapiLrs, xapiStatements } from '../schema';

export const INSTANCE_SCOPE = 'instance';

// Per isolate: whether any LRS is configured, so the choice route pays no query on the usual install that has none.
// Changes in this isolate reset it at once; another isolate sees a new LRS within a minute.
const CONFIGURED_TTL_MS = 60_000;
let configured: { any: boolean; at: number } | null = null;

async function anyLrsConfigured(db: Db, now = Date.now()): Promise<boolean> {
  if (configured && now - configured.at < CONFIGURED_TTL_MS) return configured.any;
  const [row] = await db.select({ scope: xapiLrs.scope }).from(xapiLrs).limit(1);
  configured = { any: row !== undefined, at: now };
  return configured.any;
}

/** The LRS a run's statements go to (one query): its cohort's if the cohort has one, else the instance's; null when neither. */
export async function lrsForRun(
  db: Db,
  assignmentId: string | null,
): Promise<{ scope: string; cohortId: string | null } | null> {
  if (!(await anyLrsConfigured(db))) return null;
  const [row] = await db
    .select({ scope: xapiLrs.scope, cohortId: assignments.cohortId })
    .from(xapiLrs)
    .leftJoin(assignments, eq(assignments.id, assignmentId ?? ''))
    .where(sql`${xapiLrs.scope} = ${INSTANCE_SCOPE} OR ${xapiLrs.scope} = ${assignments.cohortId}`)
    .orderBy(sql`${xapiLrs.scope} = ${INSTANCE_SCOPE}`)
    .limit(1);
  return row ? { scope: row.scope, cohortId: row.cohortId ?? null } : null;
}

export async function queueStatements(
  db: Db,
  rows: { id: string; lrsScope: string; runId: string; statement: string; nextAttemptAt: Date }[],
) {
  if (rows.length === 0) return;
  await db.insert(xapiStatements).values(rows.map((r) => ({ ...r, status: 'pending' as const })));
}

/** Pending statements due for sending, with their LRS, oldest first (just the given ones when ids are given). */
export function dueStatements(db: Db, args: { now: Date; ids?: string[]; limit?: number }) {
  return db
    .select({
      id: xapiStatements.id,
      statement: xapiStatements.statement,
      scope: xapiLrs.scope,
      endpoint: xapiLrs.endpoint,
      key: xapiLrs.key,
      secret: xapiLrs.secret,
      secretKeyId: xapiLrs.secretKeyId,
    })
    .from(xapiStatements)
    .innerJoin(xapiLrs, eq(xapiLrs.scope, xapiStatements.lrsScope))
    .where(
      and(
        eq(xapiStatements.status, 'pending'),
        args.ids ? inArray(xapiStatements.id, args.ids) : lte(xapiStatements.nextAttemptAt, args.now),
      ),
    )
    .orderBy(asc(xapiStatements.createdAt))
    .limit(args.limit ?? 90);
}

export async function markStatementsSent(db: Db, ids: string[]) {
  if (ids.length)
    await db
      .update(xapiStatements)
      .set({ status: 'sent', lastError: null, attempts: sql`${xapiStatements.attempts} + 1` })
      .where(inArray(xapiStatements.id, ids));
}

export async function markStatementsFailed(db: Db, ids: string[], error: string, nextAttemptAt: Date) {
  if (ids.length) {
    await db
      .update(xapiStatements)
      .set({ lastError: error.slice(0, 500), nextAttemptAt, attempts: sql`${xapiStatements.attempts} + 1` })
      .where(inArray(xapiStatements.id, ids));
  }
}

/** Parks statements the LRS refused (400) with its reason: they block nothing and are never sent again by themselves. */
export async function markStatementsParked(db: Db, ids: string[], error: string) {
  if (ids.length)
    await db
      .update(xapiStatements)
      .set({
        status: 'parked',
        lastError: error.slice(0, 500),
        attempts: sql`${xapiStatements.attempts} + 1`,
      })
      .where(inArray(xapiStatements.id, ids));
}

/** An LRS's settings without its secret, and how many statements wait for it or were parked. */
export async function lrsSummary(db: Db, scope: string) {
  const [lrs] = await db
    .select({ endpoint: xapiLrs.endpoint, key: xapiLrs.key, updatedAt: xapiLrs.updatedAt })
    .from(xapiLrs)
    .where(eq(xapiLrs.scope, scope));
  const byStatus = await db
    .select({ status: xapiStatements.status, n: count() })
    .from(xapiStatements)
    .where(and(eq(xapiStatements.lrsScope, scope), inArray(xapiStatements.status, ['pending', 'parked'])))
    .groupBy(xapiStatements.status);
  const n = (status: string) => byStatus.find((r) => r.status === status)?.n ?? 0;
  return lrs
    ? {
        endpoint: lrs.endpoint,
        key: lrs.key,
        updatedAt: lrs.updatedAt.getTime(),
        pending: n('pending'),
        parked: n('parked'),
      }
    : null;
}

/** Sets an LRS; `secret` is already sealed (api/lib/secrets.ts) and `secretKeyId` names the key that sealed it. */
export async function setLrs(
  db: Db,
  scope: string,
  lrs: { endpoint: string; key: string; secret: string; secretKeyId: string },
) {
  configured = null;
  const updatedAt = new Date();
  await db
    .insert(xapiLrs)
    .values({ scope, ...lrs, updatedAt })
    .onConflictDoUpdate({ target: xapiLrs.scope, set: { ...lrs, updatedAt } });
}

export async function deleteLrs(db: Db, scope: string): Promise<boolean> {
  configured = null;
  return (
    (await db.delete(xapiLrs).where(eq(xapiLrs.scope, scope)).returning({ scope: xapiLrs.scope })).length > 0
  );
}

/** Every LRS's stored secret (a handful of rows: the instance's and some cohorts'), for sealing again. */
export const lrsSecrets = (db: Db) =>
  db.select({ scope: xapiLrs.scope, secret: xapiLrs.secret, secretKeyId: xapiLrs.secretKeyId }).from(xapiLrs);

/** Stores an LRS's secret sealed again (under a new SECRETS_KEY, or first sealed when it was plain text). */
export async function resealLrsSecret(db: Db, scope: string, sealed: { value: string; keyId: string }) {
  await db
    .update(xapiLrs)
    .set({ secret: sealed.value, secretKeyId: sealed.keyId })
    .where(eq(xapiLrs.scope, scope));
}

/** Which of these statements are no longer pending (sent or parked meanwhile). */
export async function settledAmong(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: xapiStatements.id })
    .from(xapiStatements)
    .where(and(inArray(xapiStatements.id, ids), sql`${xapiStatements.status} != 'pending'`));
  return rows.map((r) => r.id);
}
