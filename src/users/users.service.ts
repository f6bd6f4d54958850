import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth';
import type { Me, PublicProfile } from './dto/user.dto';
import { UserNotFound } from './users.errors';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  /** The caller's own account, from the session Better Auth just read. */
  me(user: AuthUser): Me {
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      emailVerified: user.emailVerified,
      createdAt: new Date(user.createdAt).toISOString(),
    };
  }

  /** Anyone's public profile: never the email. */
  async profile(id: string): Promise<PublicProfile> {
    const row = await this.users.findProfile(id);
    if (!row) throw new UserNotFound();
    return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
  }
}
