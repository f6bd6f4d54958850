import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { DRIZZLE, type Database } from '../infra/database/database.constants';
import { Example, GenerateSql } from '../infra/database/generate-sql';
import { users } from '../infra/database/schema';

@Injectable()
export class UsersRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  @GenerateSql({ params: [Example.userId] })
  async findProfile(id: string) {
    const [row] = await this.db
      .select({ id: users.id, name: users.name, createdAt: users.createdAt })
      .from(users)
      .where(eq(users.id, id))
      .limit(1);
    return row;
  }
}
