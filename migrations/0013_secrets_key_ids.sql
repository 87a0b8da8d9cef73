ALTER TABLE `lti_keys` ADD `private_jwk_key_id` text;--> statement-breakpoint
ALTER TABLE `xapi_lrs` ADD `secret_key_id` text;