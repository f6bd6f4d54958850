-- squawk-ignore-file ban-drop-table, require-lock-timeout, require-statement-timeout
-- Down scripts drop what their migration made; db:rollback sets lock_timeout and statement_timeout on its connection.
-- Everything 0000 created, dependents first; the drizzle schema and its records stay.
DROP TABLE "post_history";--> statement-breakpoint
DROP TABLE "posts";--> statement-breakpoint
DROP TABLE "accounts";--> statement-breakpoint
DROP TABLE "sessions";--> statement-breakpoint
DROP TABLE "verifications";--> statement-breakpoint
DROP TABLE "users";--> statement-breakpoint
DROP TYPE "public"."post_action";
