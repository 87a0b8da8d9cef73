CREATE TABLE `lti_registration_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_by` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
