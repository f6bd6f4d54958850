-- squawk-ignore-file ban-drop-table, require-lock-timeout, require-statement-timeout
-- Down scripts drop what their migration made; db:rollback sets lock_timeout and statement_timeout on its connection.
-- Stored replies go with the table: a retried request after this runs again instead of replaying.
DROP TABLE "idempotency_keys";
