import { and, asc, count, eq, max, or, sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from './sessions';
import type { Db } from '..';
import { sha256Hex } from '../../lib/tokens';
import { scenarioVersions, scenarios } from '../schema';
import { contentUnlessCached, withScenarios } from './runs';

export type Visibility = (typeof scenarios.$inferSelect)['visibility'];

/**
 * The cohorts an author teaches for sharing: the ones they created or accepted an invitation to teach (and an LMS
 * course's, where the LMS says they teach it). `cohort_instructors` holds exactly these: an invitation adds a row
 * only when accepted (`answerInvitation`), so being invited by someone else shares nothing. The one place the rule
 * "shared with my cohorts" is written.
 */
const cohortsOfAuthor = (authorId: SQL | string) =>
  sql`SELECT author.cohort_id FROM cohort_instructors author WHERE author.user_id = ${authorId}`;

/**
 * The scenarios a caller may see and play (use with `scenarios` in the query): public ones; their own (admins: all);
 * those shared with their author's cohorts (`cohortsOfAuthor`), for the students and instructors of those cohorts;
 * and any with a version assigned to a cohort the caller belongs to. Guests see the public ones only.
 * @example db.select().from(scenarios).where(and(eq(scenarios.slug, slug), visibleTo(c.var.user)))
 */
export function visibleTo(user: Pick<SessionUser, 'id' | 'role'> | null): SQL {
  if (!user) return eq(scenarios.visibility, 'public');
  if (user.role === 'admin') return sql`1`;
  const authorsCohorts = cohortsOfAuthor(sql`${scenarios.ownerId}`);
  return or(
    eq(scenarios.visibility, 'public'),
    eq(scenarios.ownerId, user.id),
    sql`(${scenarios.visibility} = 'cohorts' AND (
      EXISTS (SELECT 1 FROM cohort_members m WHERE m.user_id = ${user.id} AND m.cohort_id IN (${authorsCohorts}))
      OR EXISTS (SELECT 1 FROM cohort_instructors i WHERE i.user_id = ${user.id} AND i.cohort_id IN (${authorsCohorts}))))`,
    sql`EXISTS (
      SELECT 1 FROM assignments a
      JOIN scenario_versions v ON v.id = a.scenario_version_id
      JOIN cohort_members m ON m.cohort_id = a.cohort_id
      WHERE v.scenario_id = ${scenarios.id} AND m.user_id = ${user.id})`,
  )!;
}

/** Who owns the scenario with this slug: undefined if there is none, null for the shipped ones. */
export async function scenarioOwner(db: Db, slug: string): Promise<string | null | undefined> {
  const [row] = await db
    .select({ ownerId: scenarios.ownerId })
    .from(scenarios)
    .where(eq(scenarios.slug, slug));
  return row ? row.ownerId : undefined;
}

/**
 * Publishes a validated scenario file as the scenario's current version, idempotently: an unchanged file
 * changes nothing; a changed one becomes a new published version and retires the previous one, which
 * stays in place for the runs pinned to it. A new scenario gets `ownerId` (null for the shipped ones, which are
 * public) and `visibility` (private unless given).
 * @example await publishScenarioFile(db, { slug, title, content: JSON.stringify(file) })
 */
export async function publishScenarioFile(
  db: Db,
  file: { slug: string; title: string; content: string },
  ownerId: string | null = null,
  now = new Date(),
  visibility: Visibility = ownerId === null ? 'public' : 'private',
): Promise<'unchanged' | 'published'> {
  const contentHash = await sha256Hex(file.content);
  const [existing] = await db
    .select({ id: scenarios.id })
    .from(scenarios)
    .where(eq(scenarios.slug, file.slug));
  const scenarioId = existing?.id ?? crypto.randomUUID();
  const versions = existing
    ? await db
        .select({
          id: scenarioVersions.id,
          version: scenarioVersions.version,
          status: scenarioVersions.status,
          contentHash: scenarioVersions.contentHash,
        })
        .from(scenarioVersions)
        .where(eq(scenarioVersions.scenarioId, scenarioId))
    : [];
  const same = versions.find((v) => v.contentHash === contentHash);
  if (same?.status === 'published') return 'unchanged';

  const [latest] = existing
    ? await db
        .select({ version: max(scenarioVersions.version) })
        .from(scenarioVersions)
        .where(eq(scenarioVersions.scenarioId, scenarioId))
    : [];
  const retirePublished = db
    .update(scenarioVersions)
    .set({ status: 'retired' })
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.status, 'published')));
  // An author's open draft stays the newest version: the file takes its number and the draft moves up one.
  const draft = same ? undefined : versions.find((v) => v.status === 'draft');
  const moveDraftUp =
    draft &&
    db
      .update(scenarioVersions)
      .set({ version: latest!.version! + 1 })
      .where(eq(scenarioVersions.id, draft.id));
  const publish = same
    ? db
        .update(scenarioVersions)
        .set({ status: 'published', publishedAt: now })
        .where(eq(scenarioVersions.id, same.id))
    : db.insert(scenarioVersions).values({
        id: crypto.randomUUID(),
        scenarioId,
        version: draft ? draft.version : (latest?.version ?? 0) + 1,
        status: 'published',
        title: file.title,
        content: file.content,
        contentHash,
        publishedAt: now,
      });
  // One batch, so a scenario never has zero or two published versions.
  if (moveDraftUp) await db.batch([retirePublished, moveDraftUp, publish]);
  else if (existing) await db.batch([retirePublished, publish]);
  else
    await db.batch([
      db.insert(scenarios).values({ id: scenarioId, slug: file.slug, ownerId, visibility }),
      publish,
    ]);
  return 'published';
}

/** How many public scenarios have a published version (what the open health check may tell anyone). */
export async function publishedVersionCount(db: Db): Promise<number> {
  // Public ones only: the health check is open to anyone, and private scenarios are nobody else's business.
  const [row] = await db
    .select({ published: count() })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(scenarioVersions.status, 'published'), eq(scenarios.visibility, 'public')));
  return row?.published ?? 0;
}

/** The catalog: the published version of every scenario the caller may see (`visibleTo`), by slug, parsed (cached ones not read again). */
export const catalogVersions = async (db: Db, user: Pick<SessionUser, 'id' | 'role'> | null) =>
  withScenarios(
    db,
    await db
      .select({
        id: scenarioVersions.id,
        slug: scenarios.slug,
        version: scenarioVersions.version,
        content: contentUnlessCached(),
        visibility: scenarios.visibility,
      })
      .from(scenarioVersions)
      .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
      .where(and(eq(scenarioVersions.status, 'published'), visibleTo(user)))
      .orderBy(asc(scenarios.slug)),
  );

/** Sets who sees and plays a scenario. */
export async function setVisibility(db: Db, slug: string, visibility: Visibility): Promise<void> {
  await db.update(scenarios).set({ visibility }).where(eq(scenarios.slug, slug));
}
