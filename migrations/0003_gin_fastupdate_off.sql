-- In place of drizzle-kit's DROP + CREATE, which would rebuild the index under a lock:
-- new entries go straight into the index from now on, and the pending list is flushed.
ALTER INDEX "posts_search_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('posts_search_idx');
