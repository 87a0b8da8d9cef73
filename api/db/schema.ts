import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { GRADES } from '../lib/grade';

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
  /**
   * Who sees and plays it: its author (and admins) only, also the author's cohorts, or everyone in the catalog.
   * New scenarios and copies start private; the shipped ones are public.
   */
  visibility: text({ enum: ['private', 'cohorts', 'public'] })
    .notNull()
    .default('private'),
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
    /** Bumped on every save of a draft; a save must name the revision it edits, so two editors cannot overwrite each other. */
    revision: integer().notNull().default(1),
    createdAt: createdAt(),
    publishedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('scenario_versions_scenario_version').on(t.scenarioId, t.version),
    index('scenario_versions_status').on(t.status),
  ],
);

/** Accounts. Emails are stored lower-cased; passwords as PBKDF2 hashes (see api/lib/passwords.ts). */
export const users = sqliteTable('users', {
  id: text().primaryKey(),
  email: text().notNull().unique(),
  displayName: text().notNull(),
  passwordHash: text().notNull(),
  role: text({ enum: ['student', 'instructor', 'admin'] }).notNull(),
  /** Demo accounts exist only in local development; never seeded in a deploy. */
  demo: integer({ mode: 'boolean' }).notNull().default(false),
  /** The language chosen in the app's header (null: not chosen yet, so the browser's preference decides). */
  locale: text({ enum: ['en', 'ur', 'fa'] }),
  createdAt: createdAt(),
});

/** Signed-in sessions. The id is the SHA-256 of the cookie's token, so a database leak yields no usable cookie. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** A play-through of one pinned scenario version as one side. The state is derived from its decisions. */
export const runs = sqliteTable(
  'runs',
  {
    id: text().primaryKey(),
    scenarioVersionId: text()
      .notNull()
      .references(() => scenarioVersions.id),
    /** The owner: a user, or a guest (signed cookie) until the guest signs up. */
    userId: text().references(() => users.id, { onDelete: 'cascade' }),
    guestId: text(),
    side: text().notNull(),
    seed: text().notNull(),
    status: text({ enum: ['in_progress', 'finished', 'abandoned'] }).notNull(),
    /** Decisions made so far: the step the next choice must answer. */
    step: integer().notNull().default(0),
    endingId: text(),
    score: integer(),
    historicalAlignment: real(),
    /** How many decisions historicalAlignment was counted over (those on history's path); null on older runs. */
    historicalDecisions: integer(),
    allowStepBack: integer({ mode: 'boolean' }).notNull().default(true),
    /** Set when the run was started for an assignment; it then counts toward it. */
    assignmentId: text(),
    /** Sum of the decisions' time taken. */
    timeSpentMs: integer().notNull().default(0),
    /** Bumped by every write; each write names the revision it read, so a concurrent one cannot slip in between. */
    revision: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [
    index('runs_user').on(t.userId, t.status),
    index('runs_guest').on(t.guestId),
    index('runs_version_side_status').on(t.scenarioVersionId, t.side, t.status),
    index('runs_assignment').on(t.assignmentId),
  ],
);

/**
 * "How others chose" as an aggregate: how often each choice was made at each decision in the finished runs of a
 * version played as a side. The batch that finishes a run adds its decisions (`recordDecision`); the cron that
 * deletes old guest runs takes finished ones out again (`pruneGuestRuns`). So it always equals counting the
 * finished runs' decisions (`choiceCounts`), which `GET /api/runs/:id/others` no longer does per request.
 */
export const choiceTallies = sqliteTable(
  'choice_tallies',
  {
    scenarioVersionId: text()
      .notNull()
      .references(() => scenarioVersions.id),
    side: text().notNull(),
    nodeId: text().notNull(),
    choiceId: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.scenarioVersionId, t.side, t.nodeId, t.choiceId] })],
);

/** One row per player decision: the log a run's state is replayed from. */
export const decisions = sqliteTable(
  'decisions',
  {
    id: text().primaryKey(),
    runId: text()
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** 0-based; unique per run, which is what makes a retried or concurrent submission record once. */
    step: integer().notNull(),
    nodeId: text().notNull(),
    choiceId: text().notNull(),
    justification: text(),
    timeTakenMs: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('decisions_run_step').on(t.runId, t.step)],
);

/**
 * One row per answer to a knowledge check, kept apart from the decisions so it never enters the replay. The
 * unique (run, check, slot) index makes a retried or concurrent answer record once.
 */
export const checkAnswers = sqliteTable(
  'check_answers',
  {
    id: text().primaryKey(),
    runId: text()
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    checkId: text().notNull(),
    slot: text({ enum: ['before', 'node', 'after'] }).notNull(),
    /** The chosen option ids as a JSON array. */
    optionIds: text().notNull(),
    correct: integer({ mode: 'boolean' }).notNull(),
    timeTakenMs: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('check_answers_run_check_slot').on(t.runId, t.checkId, t.slot)],
);

/** Fixed-window counters for rate limits (sign-in and sign-up per address and per account). */
export const rateLimits = sqliteTable('rate_limits', {
  key: text().primaryKey(),
  windowStart: integer().notNull(),
  count: integer().notNull(),
});

/** A course or section. Students join with its code while the code is on and not expired. */
export const cohorts = sqliteTable('cohorts', {
  id: text().primaryKey(),
  name: text().notNull(),
  /** Null when the instructors have turned joining off. */
  joinCode: text().unique(),
  joinCodeExpiresAt: integer({ mode: 'timestamp_ms' }),
  createdBy: text()
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
});

/** Who teaches a cohort: its creator, the co-instructors who accepted an invitation, and an LMS course's instructors. */
export const cohortInstructors = sqliteTable(
  'cohort_instructors',
  {
    cohortId: text()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_instructors_user').on(t.userId)],
);

/**
 * An invitation to co-teach a cohort, by email. Nothing is shared until the invitee accepts (from their home), which
 * makes them a row of `cohort_instructors` and deletes the invitation; declining deletes it. Addressed by email so
 * that inviting answers alike whether or not the address has an account.
 */
export const cohortInvitations = sqliteTable(
  'cohort_invitations',
  {
    id: text().primaryKey(),
    cohortId: text()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    /** Lower-cased, as accounts store it. */
    email: text().notNull(),
    invitedBy: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('cohort_invitations_cohort_email').on(t.cohortId, t.email),
    index('cohort_invitations_email').on(t.email),
  ],
);

/** The students of a cohort. */
export const cohortMembers = sqliteTable(
  'cohort_members',
  {
    cohortId: text()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_members_user').on(t.userId)],
);

/** A scenario version set for a cohort, with the side fixed or left to the student, and its dates. */
export const assignments = sqliteTable(
  'assignments',
  {
    id: text().primaryKey(),
    cohortId: text()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    scenarioVersionId: text()
      .notNull()
      .references(() => scenarioVersions.id),
    /** Null: the student chooses. */
    side: text(),
    opensAt: integer({ mode: 'timestamp_ms' }),
    dueAt: integer({ mode: 'timestamp_ms' }),
    allowStepBack: integer({ mode: 'boolean' }).notNull().default(false),
    /**
     * Which figure grades a run, in the gradebook export's `grade` column and in the LMS grade passback alike: the
     * decision score, the knowledge score, the historical alignment (all 0–100) or 100 for finishing.
     */
    grade: text({ enum: GRADES }).notNull().default('score'),
    createdAt: createdAt(),
  },
  (t) => [index('assignments_cohort').on(t.cohortId)],
);

/** A live workshop session; its Durable Object holds the state while it runs, and writes the results here at the end. */
export const liveSessions = sqliteTable('live_sessions', {
  id: text().primaryKey(),
  /** The join code, also the Durable Object's name. */
  code: text().notNull().unique(),
  facilitatorId: text()
    .notNull()
    .references(() => users.id),
  scenarioVersionId: text()
    .notNull()
    .references(() => scenarioVersions.id),
  mode: text({ enum: ['room', 'teams'] }).notNull(),
  /** The side the room plays in room mode; null in team mode. */
  side: text(),
  status: text({ enum: ['open', 'ended'] }).notNull(),
  /** Participants, votes, reasons and the path, as JSON, written when the session ends. */
  results: text(),
  createdAt: createdAt(),
  endedAt: integer({ mode: 'timestamp_ms' }),
});

/** An LMS registered as an LTI 1.3 platform (by hand or by dynamic registration). */
export const ltiPlatforms = sqliteTable(
  'lti_platforms',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    issuer: text().notNull(),
    clientId: text().notNull(),
    authUrl: text().notNull(),
    tokenUrl: text().notNull(),
    jwksUrl: text().notNull(),
    /** The deployment ids a launch may carry, as a JSON array of strings. */
    deploymentIds: text().notNull().default('[]'),
    createdAt: createdAt(),
    /**
     * Set when an admin removed the platform but kept its user, course and link mappings: launches and services
     * stop; registering the same issuer and client id again brings it back with them.
     */
    removedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('lti_platforms_issuer_client').on(t.issuer, t.clientId)],
);

/** Our signing keys (client-credentials assertions, deep-linking responses). The newest active one signs; retired ones stay in the JWKS until the next rotation. */
export const ltiKeys = sqliteTable('lti_keys', {
  kid: text().primaryKey(),
  publicJwk: text().notNull(),
  /** AES-GCM ciphertext (api/lib/secrets.ts) of the private JWK; plain JSON in rows from before encryption. */
  privateJwk: text().notNull(),
  /** The id of the SECRETS_KEY that encrypted `privateJwk`; null: stored in plain text (encrypted on next use). */
  privateJwkKeyId: text(),
  status: text({ enum: ['active', 'retired'] }).notNull(),
  createdAt: createdAt(),
});

/** An OIDC login in flight: the state and nonce we sent to the platform, used once by the launch. */
export const ltiLoginStates = sqliteTable('lti_login_states', {
  state: text().primaryKey(),
  platformId: text()
    .notNull()
    .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
  nonce: text().notNull(),
  expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
});

/** A one-time, short-lived code that signs a launched user in when the launch continues in a new window. The id is its SHA-256. */
export const ltiHandoffs = sqliteTable('lti_handoffs', {
  id: text().primaryKey(),
  userId: text()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** The path of ours the user lands on. */
  target: text().notNull(),
  expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
});

/** An LMS user (platform + `sub`) and the account of ours it maps to. */
export const ltiUsers = sqliteTable(
  'lti_users',
  {
    platformId: text()
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
    sub: text().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.sub] }), index('lti_users_user').on(t.userId)],
);

/** An LMS course (context) and the cohort it maps to. */
export const ltiContexts = sqliteTable(
  'lti_contexts',
  {
    platformId: text()
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
    contextId: text().notNull(),
    cohortId: text()
      .notNull()
      .unique()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    /** The course's Names and Role Provisioning endpoint, from the latest launch; null when the LMS offers none. */
    membershipsUrl: text(),
    rosterSyncedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.contextId] })],
);

/** An LMS resource link and the assignment it opens, with its gradebook column (the grade is the assignment's). */
export const ltiResourceLinks = sqliteTable(
  'lti_resource_links',
  {
    platformId: text()
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
    resourceLinkId: text().notNull(),
    assignmentId: text()
      .primaryKey()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    /**
     * What this assignment of the link is for: `<cohort> <scenario> <side>`. A link changed in the LMS to another
     * scenario or side, or the same link id in a copied course, gets an assignment of its own; '' in rows made
     * before (one per link).
     */
    variant: text().notNull().default(''),
    /** The AGS line item of this link (from the launch's endpoint claim); null when the LMS offers no grade column. */
    lineItemUrl: text(),
  },
  (t) => [uniqueIndex('lti_resource_links_variant').on(t.platformId, t.resourceLinkId, t.variant)],
);

/**
 * A finished run's grade on its way to the LMS: sent at once, retried by the hourly cron while it fails for a
 * passing reason; `failed` when the LMS refused it for good (400, 403, 404: an instructor retries it by hand).
 */
export const ltiGradePosts = sqliteTable(
  'lti_grade_posts',
  {
    runId: text()
      .primaryKey()
      .references(() => runs.id, { onDelete: 'cascade' }),
    assignmentId: text()
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    status: text({ enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: integer({ mode: 'timestamp_ms' }).notNull(),
    sentAt: integer({ mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('lti_grade_posts_status').on(t.status, t.nextAttemptAt),
    index('lti_grade_posts_assignment').on(t.assignmentId),
  ],
);

/** A deep-linking request waiting for the instructor's pick: single use, short-lived; the id is the SHA-256 of the code in the picker's form. */
export const ltiDeepLinks = sqliteTable('lti_deep_links', {
  id: text().primaryKey(),
  platformId: text()
    .notNull()
    .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
  deploymentId: text().notNull(),
  returnUrl: text().notNull(),
  /** The platform's opaque `data`, echoed back in the response. */
  data: text(),
  expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
});

/** A dynamic-registration URL an admin made for one LMS: single use, for an hour; the id is the SHA-256 of its code. */
export const ltiRegistrationCodes = sqliteTable('lti_registration_codes', {
  id: text().primaryKey(),
  createdBy: text()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
});

/** Where xAPI statements go: the instance-wide LRS (scope "instance") or one cohort's (scope = the cohort id). */
export const xapiLrs = sqliteTable('xapi_lrs', {
  scope: text().primaryKey(),
  endpoint: text().notNull(),
  key: text().notNull(),
  /** Basic-auth secret for the LRS, AES-GCM ciphertext (api/lib/secrets.ts); no route ever returns it. */
  secret: text().notNull(),
  /** The id of the SECRETS_KEY that encrypted `secret`; null: stored in plain text (encrypted on next use). */
  secretKeyId: text(),
  updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
});

/** xAPI statements on their way to an LRS: queued with the decision, sent after the response, retried by the cron. */
export const xapiStatements = sqliteTable(
  'xapi_statements',
  {
    /** The statement's own id (a UUID), so a retry the LRS already stored is recognised as a duplicate. */
    id: text().primaryKey(),
    lrsScope: text().notNull(),
    runId: text().notNull(),
    statement: text().notNull(),
    /** parked: the LRS refused this statement itself (400); kept with the reason, never sent again by itself. */
    status: text({ enum: ['pending', 'sent', 'parked'] }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: integer({ mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('xapi_statements_status').on(t.status, t.nextAttemptAt),
    index('xapi_statements_run').on(t.runId),
  ],
);
