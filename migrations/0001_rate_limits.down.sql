-- squawk-ignore-file ban-drop-table, require-lock-timeout, require-statement-timeout
-- Down scripts drop what their migration made; db:rollback sets lock_timeout and statement_timeout on its connection.
-- Rate-limit counters (RATE_LIMIT_STORE=database) go with the table: every client starts afresh.
DROP TABLE "rate_limits";
