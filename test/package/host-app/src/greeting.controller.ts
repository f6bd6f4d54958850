import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { count, eq } from 'drizzle-orm';
import { AuthGuard, CurrentUser, DRIZZLE, schema, type AuthUser, type Database } from 'nest-drizzle-posts';

@Controller()
export class GreetingController {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  @Get('hello')
  hello() {
    return { hello: 'world' };
  }

  // Our own route, protected by the embedded guard, reading the blog's tables with its Drizzle client.
  @Get('whoami')
  @UseGuards(AuthGuard)
  async whoami(@CurrentUser() user: AuthUser) {
    const [{ posts }] = await this.db.select({ posts: count() }).from(schema.posts).where(eq(schema.posts.authorId, user.id));
    return { id: user.id, name: user.name, posts };
  }
}
