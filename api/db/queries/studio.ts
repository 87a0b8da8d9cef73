import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '..';
import { clipDepth, DEPTH } from '../../engine';
import { validateScenario } from '../../engine/validator';
import { ApiError } from '../../lib/errors';
import { scenarioVersions, scenarios } from '../schema';
import { visibleTo } from './scenarios';
import type { SessionUser } from './sessions';

type VersionRow = typeof scenarioVersions.$inferSelect;

/** The API's representation of a draft: its content parsed, with the problems the validator finds in it. */
export const draftDto = (slug: string, draft: { version: number; revision: number; content: string }) => {
  const content = JSON.parse(draft.content) as Record<string, unknown>;
  const problems = validateScenario(content).problems;
  return {
    slug,
    version: draft.version,
    revision: draft.revision,
    // A draft stored before depth was capped is sent clipped (its depth problem says where), not as a 500.
    content: problems.some((p) => p.rule === 'depth') ? clipDepth(content, DEPTH.json) : content,
    problems,
  };
};

/** The scenario with this slug if the caller may author it (their own, or any for an admin), or 404. */
export async function requireAuthoring(db: Db, slug: string, user: Pick<SessionUser, 'id' | 'role'>) {
  const [row] = await db.select().from(scenarios).where(eq(scenarios.slug, slug));
  if (!row || (row.ownerId !== user.id && user.role !== 'admin')) {
    throw new ApiError(404, 'not_found', 'No such scenario among yours. To adapt one of ours, duplicate it.');
  }
  return row;
}

/** A scenario's draft, or null when it has none. */
export async function currentDraft(db: Db, scenarioId: string): Promise<VersionRow | null> {
  const [draft] = await db
    .select()
    .from(scenarioVersions)
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.status, 'draft')))
    .orderBy(desc(scenarioVersions.version));
  return draft ?? null;
}

/** The newest version of a scenario (the draft when there is one: drafts are always the newest). */
export async function latestVersion(db: Db, scenarioId: string): Promise<VersionRow> {
  const [latest] = await db
    .select()
    .from(scenarioVersions)
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .orderBy(desc(scenarioVersions.version))
    .limit(1);
  // None only when the scenario was deleted (its last draft discarded) since it was looked up.
  if (!latest) throw new ApiError(404, 'not_found', 'This scenario was just deleted.');
  return latest;
}

/** Every version of the scenarios a user authors (an admin: all), by slug, newest version first. */
export const authoredVersions = (db: Db, user: Pick<SessionUser, 'id' | 'role'>) =>
  db
    .select({
      slug: scenarios.slug,
      visibility: scenarios.visibility,
      title: scenarioVersions.title,
      version: scenarioVersions.version,
      status: scenarioVersions.status,
      revision: scenarioVersions.revision,
    })
    .from(scenarios)
    .innerJoin(scenarioVersions, eq(scenarioVersions.scenarioId, scenarios.id))
    .where(user.role === 'admin' ? sql`1` : eq(scenarios.ownerId, user.id))
    .orderBy(asc(scenarios.slug), desc(scenarioVersions.version));

/** The versions of a scenario the caller may see, newest first, with its owner: what a duplicate copies from. */
export const versionsToCopy = (db: Db, slug: string, user: Pick<SessionUser, 'id' | 'role'>) =>
  db
    .select({
      content: scenarioVersions.content,
      status: scenarioVersions.status,
      ownerId: scenarios.ownerId,
    })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(scenarios.slug, slug), visibleTo(user)))
    .orderBy(desc(scenarioVersions.version));

/** Creates a private scenario with its first draft (one batch). */
export async function createDraftScenario(
  db: Db,
  scenario: { id: string; slug: string; ownerId: string },
  draft: typeof scenarioVersions.$inferInsert,
): Promise<void> {
  await db.batch([db.insert(scenarios).values(scenario), db.insert(scenarioVersions).values(draft)]);
}

/** Adds a draft version; false when another request added that version number first. */
export async function insertDraftVersion(
  db: Db,
  draft: typeof scenarioVersions.$inferInsert,
): Promise<boolean> {
  const [inserted] = await db
    .insert(scenarioVersions)
    .values(draft)
    .onConflictDoNothing()
    .returning({ id: scenarioVersions.id });
  return inserted !== undefined;
}

/**
 * Saves a scenario's draft if it is still at `revision`, bumping the revision: the check and the write are one
 * statement, so two saves racing cannot both win. Returns the saved version, or null when nothing was saved.
 */
export async function saveDraft(
  db: Db,
  scenarioId: string,
  revision: number,
  draft: { content: string; title: string; contentHash: string },
): Promise<VersionRow | null> {
  const [saved] = await db
    .update(scenarioVersions)
    .set({ ...draft, revision: sql`${scenarioVersions.revision} + 1` })
    .where(
      and(
        eq(scenarioVersions.scenarioId, scenarioId),
        eq(scenarioVersions.status, 'draft'),
        eq(scenarioVersions.revision, revision),
      ),
    )
    .returning();
  return saved ?? null;
}

/**
 * Retires the published version and publishes the draft, in one batch whose statements both require the draft
 * still at the revision that was validated: a save landing meanwhile cannot be published unchecked (then neither
 * applies). Returns whether the draft was published.
 */
export async function publishDraft(
  db: Db,
  draft: { id: string; scenarioId: string },
  revision: number,
  now = new Date(),
): Promise<boolean> {
  const validatedRevision = sql`exists (select 1 from scenario_versions v where v.id = ${draft.id} and v.status = 'draft' and v.revision = ${revision})`;
  const [, published] = await db.batch([
    db
      .update(scenarioVersions)
      .set({ status: 'retired' })
      .where(
        and(
          eq(scenarioVersions.scenarioId, draft.scenarioId),
          eq(scenarioVersions.status, 'published'),
          validatedRevision,
        ),
      ),
    db
      .update(scenarioVersions)
      .set({ status: 'published', publishedAt: now })
      .where(
        and(
          eq(scenarioVersions.id, draft.id),
          eq(scenarioVersions.status, 'draft'),
          eq(scenarioVersions.revision, revision),
        ),
      )
      .returning({ id: scenarioVersions.id }),
  ]);
  return published.length > 0;
}

/** Retires a scenario's published version (runs keep it); false when none was published. */
export async function unpublish(db: Db, scenarioId: string): Promise<boolean> {
  const hidden = await db
    .update(scenarioVersions)
    .set({ status: 'retired' })
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.status, 'published')))
    .returning({ id: scenarioVersions.id });
  return hidden.length > 0;
}

/**
 * Deletes a scenario's draft if it is still at `revision`, and the scenario with it when no other version is left
 * (one batch). Nothing refers to a draft: runs, assignments and live sessions pin published versions.
 */
export async function discardDraft(
  db: Db,
  scenarioId: string,
  revision: number,
): Promise<{ discarded: boolean; scenarioDeleted: boolean }> {
  const [discarded, emptied] = await db.batch([
    db
      .delete(scenarioVersions)
      .where(
        and(
          eq(scenarioVersions.scenarioId, scenarioId),
          eq(scenarioVersions.status, 'draft'),
          eq(scenarioVersions.revision, revision),
        ),
      )
      .returning({ id: scenarioVersions.id }),
    db
      .delete(scenarios)
      .where(
        and(
          eq(scenarios.id, scenarioId),
          sql`not exists (select 1 from scenario_versions v where v.scenario_id = ${scenarioId})`,
        ),
      )
      .returning({ id: scenarios.id }),
  ]);
  return { discarded: discarded.length > 0, scenarioDeleted: emptied.length > 0 };
}
