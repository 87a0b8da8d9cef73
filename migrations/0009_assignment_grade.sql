-- One grade setting per assignment: the LMS link's figure moves onto the assignment before its column goes.
-- A link graded on alignment or completion keeps that grade (it is what the LMS gradebook shows); a link on the
-- score leaves the assignment's own choice (score or knowledge) as it was.
UPDATE `assignments` SET `grade` = (
	SELECT `grade_figure` FROM `lti_resource_links` WHERE `lti_resource_links`.`assignment_id` = `assignments`.`id`
) WHERE EXISTS (
	SELECT 1 FROM `lti_resource_links`
	WHERE `lti_resource_links`.`assignment_id` = `assignments`.`id` AND `grade_figure` <> 'score'
);--> statement-breakpoint
ALTER TABLE `lti_resource_links` DROP COLUMN `grade_figure`;
