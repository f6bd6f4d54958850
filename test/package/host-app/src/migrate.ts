import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

// Our release step: drizzle-kit's migrations of our own tables (notes), in Drizzle's default table.
async function main() {
  const db = drizzle(process.env.BLOG_DATABASE_URL!);
  await migrate(db, { migrationsFolder: 'migrations' });
  await db.$client.end();
}
void main();
