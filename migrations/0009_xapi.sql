CREATE TABLE `xapi_lrs` (
	`scope` text PRIMARY KEY NOT NULL,
	`endpoint` text NOT NULL,
	`key` text NOT NULL,
	`secret` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `xapi_statements` (
	`id` text PRIMARY KEY NOT NULL,
	`lrs_scope` text NOT NULL,
	`run_id` text NOT NULL,
	`statement` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `xapi_statements_status` ON `xapi_statements` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `xapi_statements_run` ON `xapi_statements` (`run_id`);