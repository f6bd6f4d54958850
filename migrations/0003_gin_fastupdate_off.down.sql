-- squawk-ignore-file require-lock-timeout, require-statement-timeout
-- db:rollback sets lock_timeout and statement_timeout on its connection.
-- Back to PostgreSQL's default (fastupdate on): new entries queue in the pending list again.
ALTER INDEX "posts_search_idx" RESET (fastupdate);
