CREATE TABLE `cohort_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`cohort_id` text NOT NULL,
	`email` text NOT NULL,
	`invited_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cohort_invitations_cohort_email` ON `cohort_invitations` (`cohort_id`,`email`);--> statement-breakpoint
CREATE INDEX `cohort_invitations_email` ON `cohort_invitations` (`email`);--> statement-breakpoint
-- Co-instructors added before invitations never agreed: each becomes an invitation to accept (an LMS course's
-- instructors, asserted by the LMS, stay).
INSERT INTO `cohort_invitations` (`id`, `cohort_id`, `email`, `invited_by`)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), i.`cohort_id`, u.`email`, c.`created_by`
FROM `cohort_instructors` i
JOIN `cohorts` c ON c.`id` = i.`cohort_id`
JOIN `users` u ON u.`id` = i.`user_id`
WHERE i.`user_id` <> c.`created_by`
  AND NOT EXISTS (SELECT 1 FROM `lti_contexts` x WHERE x.`cohort_id` = i.`cohort_id`);
--> statement-breakpoint
DELETE FROM `cohort_instructors`
WHERE `user_id` <> (SELECT c.`created_by` FROM `cohorts` c WHERE c.`id` = `cohort_instructors`.`cohort_id`)
  AND NOT EXISTS (SELECT 1 FROM `lti_contexts` x WHERE x.`cohort_id` = `cohort_instructors`.`cohort_id`);
