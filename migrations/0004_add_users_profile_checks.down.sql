-- squawk-ignore-file require-lock-timeout, require-statement-timeout
-- db:rollback sets lock_timeout and statement_timeout on its connection.
-- Drops the two rules; names and images 0004 rewrote to fit them stay as they are now.
ALTER TABLE "users" DROP CONSTRAINT "users_image_check";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_name_check";
