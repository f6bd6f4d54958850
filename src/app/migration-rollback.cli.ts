import { databaseOptionsFromEnv } from './app.config';
import { parseEnv } from './env';
import { openDatabase } from '../infra/database/open-database';
import { RollbackRefused, type RollbackTarget } from '../infra/database/migration-rollback';

const USAGE = 'usage: npm run db:rollback [-- --to NNNN | -- --all]';

// `npm run db:rollback [-- --to NNNN | --all]`: undoes the newest migration, or every one after NNNN.
async function main(): Promise<number> {
  const target = parseTarget(process.argv.slice(2));
  const env = parseEnv();
  const connection = await openDatabase({ ...databaseOptionsFromEnv(env), poolSize: 1, migrate: false });
  try {
    const started = Date.now();
    const { rolledBack, current } = await connection.rollback(target);
    if (rolledBack.length === 0) {
      console.log(`Nothing to roll back: ${current ? `${current} is the newest migration applied` : 'no migration is applied'}.`);
      return 0;
    }
    console.log(`Rolled back ${rolledBack.join(', ')} on ${connection.driver} in ${Date.now() - started} ms.`);
    console.log(
      `The schema is now at ${current ?? 'no migration'}. Start a release that does not ship ${rolledBack.at(-1)}: this one would apply it again at its next start.`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

function parseTarget(args: string[]): RollbackTarget {
  if (args.length === 0) return 'last';
  if (args.length === 1 && args[0] === '--all') return 'all';
  if (args.length === 2 && args[0] === '--to' && /^\w+$/.test(args[1])) return { to: args[1] };
  throw new RollbackRefused(USAGE);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const causes: string[] = [];
    for (let current = error; current instanceof Error && causes.length < 4; current = current.cause) causes.push(current.message);
    console.error(causes.length > 0 ? causes.join(': ') : String(error));
    process.exit(1);
  },
);
