CREATE TABLE `choice_tallies` (
	`scenario_version_id` text NOT NULL,
	`side` text NOT NULL,
	`node_id` text NOT NULL,
	`choice_id` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`scenario_version_id`, `side`, `node_id`, `choice_id`),
	FOREIGN KEY (`scenario_version_id`) REFERENCES `scenario_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- The runs finished before this migration, counted once; later ones are added by the batch that finishes them.
INSERT INTO `choice_tallies` (`scenario_version_id`, `side`, `node_id`, `choice_id`, `n`)
SELECT r.`scenario_version_id`, r.`side`, d.`node_id`, d.`choice_id`, count(*)
FROM `decisions` d JOIN `runs` r ON r.`id` = d.`run_id`
WHERE r.`status` = 'finished'
GROUP BY r.`scenario_version_id`, r.`side`, d.`node_id`, d.`choice_id`;
