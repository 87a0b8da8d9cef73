-- Edited after generation: nothing references lti_resource_links, so no PRAGMA is needed (D1 runs with foreign keys
-- on), and the old table has no variant to copy: its rows are the links' first assignments ('').
CREATE TABLE `__new_lti_resource_links` (
	`platform_id` text NOT NULL,
	`resource_link_id` text NOT NULL,
	`assignment_id` text PRIMARY KEY NOT NULL,
	`variant` text DEFAULT '' NOT NULL,
	`line_item_url` text,
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_lti_resource_links`("platform_id", "resource_link_id", "assignment_id", "variant", "line_item_url") SELECT "platform_id", "resource_link_id", "assignment_id", '', "line_item_url" FROM `lti_resource_links`;--> statement-breakpoint
DROP TABLE `lti_resource_links`;--> statement-breakpoint
ALTER TABLE `__new_lti_resource_links` RENAME TO `lti_resource_links`;--> statement-breakpoint
CREATE UNIQUE INDEX `lti_resource_links_variant` ON `lti_resource_links` (`platform_id`,`resource_link_id`,`variant`);