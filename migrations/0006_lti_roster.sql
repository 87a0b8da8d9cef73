ALTER TABLE `lti_contexts` ADD `memberships_url` text;--> statement-breakpoint
ALTER TABLE `lti_contexts` ADD `roster_synced_at` integer;