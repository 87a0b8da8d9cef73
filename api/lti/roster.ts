/** Names and Role Provisioning: a cohort's roster comes from its LMS course. */
import { applyRoster, contextOfCohort } from '../db/queries/lti-launch';
import { NO_PASSWORD } from '../lib/passwords';
import type { Db } from '../db';
import { courseRoleOf, displayNameOf } from './claims';
import { fetchMemberships, PlatformError } from './services';

/**
 * Fetches the course's members from the LMS and applies them to the cohort. Throws PlatformError when the LMS
 * offers no roster service for the course or cannot be reached; null when the cohort is not an LMS course.
 */
export async function syncRoster(db: Db, cohortId: string, now = new Date()) {
  const context = await contextOfCohort(db, cohortId);
  if (!context) return null;
  if (!context.membershipsUrl)
    throw new PlatformError(
      'the LMS has not offered a roster service for this course (launch it once as an instructor)',
    );
  const members = await fetchMemberships(db, context.platform, context.membershipsUrl);
  const roster = members.map((m) => ({
    sub: m.user_id,
    displayName: displayNameOf(m),
    role: courseRoleOf(m.roles),
    active: (m.status ?? 'Active') === 'Active',
  }));
  return applyRoster(db, {
    platformId: context.platform.id,
    cohortId,
    roster,
    passwordHash: NO_PASSWORD,
    now,
  });
}
