CREATE TABLE `live_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`facilitator_id` text NOT NULL,
	`scenario_version_id` text NOT NULL,
	`mode` text NOT NULL,
	`side` text,
	`status` text NOT NULL,
	`results` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`facilitator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scenario_version_id`) REFERENCES `scenario_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_sessions_code_unique` ON `live_sessions` (`code`);