import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users: routes under `users` (mounted at /api by the app). Needs DatabaseModule and AuthModule. */
@Module({
  imports: [PostsModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository],
})
export class UsersModule {}
