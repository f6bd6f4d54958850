import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { DRIZZLE, type Database } from '../infra/database/database.constants';
import { Example, GenerateSql } from '../infra/database/generate-sql';
import { prepared } from '../infra/database/prepared-statements';
import { sessions, users } from '../infra/database/schema';

/** Better Auth's session table, read the way its `getSession` reads it (see SessionLookup). */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  /** The session with this token and its user, as Better Auth's session and user objects. */
  @GenerateSql({ params: [Example.token] })
  async findByToken(token: string) {
    const statement = prepared(this.db, 'auth_session_by_token', () =>
      this.db
        .select({
          session: {
            id: sessions.id,
            token: sessions.token,
            userId: sessions.userId,
            expiresAt: sessions.expiresAt,
            ipAddress: sessions.ipAddress,
            userAgent: sessions.userAgent,
            createdAt: sessions.createdAt,
            updatedAt: sessions.updatedAt,
          },
          user: {
            id: users.id,
            name: users.name,
            email: users.email,
            emailVerified: users.emailVerified,
            image: users.image,
            createdAt: users.createdAt,
            updatedAt: users.updatedAt,
          },
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.token, sql.placeholder('token')))
        .limit(1),
    );
    const [row] = await statement.execute({ token });
    return row;
  }
}
