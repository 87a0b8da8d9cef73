CREATE TABLE `check_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`check_id` text NOT NULL,
	`slot` text NOT NULL,
	`option_ids` text NOT NULL,
	`correct` integer NOT NULL,
	`time_taken_ms` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_answers_run_check_slot` ON `check_answers` (`run_id`,`check_id`,`slot`);--> statement-breakpoint
ALTER TABLE `assignments` ADD `grade` text DEFAULT 'score' NOT NULL;