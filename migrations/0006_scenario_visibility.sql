ALTER TABLE `scenarios` ADD `visibility` text DEFAULT 'private' NOT NULL;--> statement-breakpoint
-- The shipped scenarios (no owner) stay in the public catalog; authors' scenarios start private and are shared on purpose.
UPDATE `scenarios` SET `visibility` = 'public' WHERE `owner_id` IS NULL;
