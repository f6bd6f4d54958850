-- Rows written before these rules (auth/profile-rules.ts) are brought within them first:
-- control characters in names become spaces and names are cut to 100 code points (one left
-- blank becomes 'user'); images that are not http(s) URLs of at most 2,048 characters are dropped.
UPDATE "users" SET "name" = coalesce(nullif(btrim(left(regexp_replace("name", '[\x01-\x1f\x7f-\x9f]', ' ', 'g'), 100)), ''), 'user')
WHERE char_length("name") NOT BETWEEN 1 AND 100 OR "name" ~ '[\x01-\x1f\x7f-\x9f]';--> statement-breakpoint
UPDATE "users" SET "image" = NULL WHERE char_length("image") > 2048 OR "image" !~* '^https?://';--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_name_check" CHECK (char_length("users"."name") BETWEEN 1 AND 100 AND "users"."name" !~ '[\x01-\x1f\x7f-\x9f]');--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_image_check" CHECK ("users"."image" IS NULL OR (char_length("users"."image") <= 2048 AND "users"."image" ~* '^https?://'));
