import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { DRIZZLE, type Database } from '../../infra/database/database.constants';
import { Example, GenerateSql } from '../../infra/database/generate-sql';
import { idempotencyKeys } from '../../infra/database/schema';
import { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency-key';

export interface StoredResponse {
  fingerprint: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

// Fixed when the answer is stored (a later TTL change does not move it).
const expiry = sql`now() + make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})`;

@Injectable()
export class IdempotencyKeysRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  bind(db: Database): IdempotencyKeysRepository {
    return new IdempotencyKeysRepository(db);
  }

  /** The first answer given under this user's key, unless it has expired. */
  @GenerateSql({ params: [Example.userId, 'example-key'] })
  async findLive(userId: string, key: string): Promise<StoredResponse | undefined> {
    const [row] = await this.db
      .select({
        fingerprint: idempotencyKeys.fingerprint,
        status: idempotencyKeys.status,
        headers: idempotencyKeys.headers,
        body: idempotencyKeys.body,
      })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), gt(idempotencyKeys.expiresAt, sql`now()`)));
    return row;
  }

  /**
   * Records the answer; an expired record under the same key is replaced. `false`
   * when a live record appeared meanwhile (a concurrent request with the key won).
   */
  @GenerateSql({ params: [Example.userId, 'example-key', { fingerprint: 'f', status: 201, headers: { etag: '"1"' }, body: {} }] })
  async save(userId: string, key: string, response: StoredResponse): Promise<boolean> {
    const saved = await this.db
      .insert(idempotencyKeys)
      .values({ userId, key, ...response, expiresAt: expiry })
      .onConflictDoUpdate({
        target: [idempotencyKeys.userId, idempotencyKeys.key],
        set: { ...response, createdAt: sql`now()`, expiresAt: expiry },
        setWhere: lte(idempotencyKeys.expiresAt, sql`now()`),
      })
      .returning({ key: idempotencyKeys.key });
    return saved.length > 0;
  }

  /** Deletes up to `limit` expired keys, oldest expiry first, skipping rows a request holds; how many went. */
  @GenerateSql({ params: [1000] })
  async purgeExpired(limit: number): Promise<number> {
    const expired = this.db
      .select({ userId: idempotencyKeys.userId, key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(lte(idempotencyKeys.expiresAt, sql`now()`))
      .orderBy(idempotencyKeys.expiresAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    const purged = await this.db
      .delete(idempotencyKeys)
      .where(sql`(${idempotencyKeys.userId}, ${idempotencyKeys.key}) in ${expired}`)
      .returning({ key: idempotencyKeys.key });
    return purged.length;
  }
}
