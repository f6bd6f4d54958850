import { defineConfig } from 'drizzle-kit';

// Only `db:generate` reads this file: it diffs src/infra/database/schema against the
// snapshots in migrations/meta and writes the next SQL migration for review.
// The app applies migrations itself (DatabaseModule, `npm run db:migrate`).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/infra/database/schema/index.ts',
  out: './migrations',
  strict: true,
  verbose: true,
});
