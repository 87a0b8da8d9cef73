import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer({ mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** A scenario's identity; its content lives in versions so that runs can pin one. */
export const scenarios = sqliteTable('scenarios', {
  id: text().primaryKey(),
  slug: text().notNull().unique(),
  /** Null for the scenarios shipped in `scenarios/`; an instructor's user id otherwise. */
  ownerId: text(),
  createdAt: createdAt(),
});

/** An immutable snapshot of a scenario file. Published versions never change. */
export const scenarioVersions = sqliteTable(
  'scenario_versions',
  {
    id: text().primaryKey(),
    scenarioId: text()
      .notNull()
      .references(() => scenarios.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    status: text({ enum: ['draft', 'published', 'retired'] }).notNull(),
    title: text().notNull(),
    /** The scenario file as JSON text, exactly as validated. */
    content: text().notNull(),
    /** SHA-256 of `content`, so re-seeding an unchanged file is a no-op. */
    contentHash: text().notNull(),
    createdAt: createdAt(),
    publishedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('scenario_versions_scenario_version').on(t.scenarioId, t.version),
    index('scenario_versions_status').on(t.status),
  ],
);
