-- squawk-ignore-file ban-drop-column, require-lock-timeout, require-statement-timeout
-- Down scripts drop what their migration made; db:rollback sets lock_timeout and statement_timeout on its connection.
-- The index goes with the column; the release before 0005 reads created_at alone, so nothing it needs is lost.
ALTER TABLE "idempotency_keys" DROP COLUMN IF EXISTS "expires_at";
