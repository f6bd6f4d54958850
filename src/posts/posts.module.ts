import { Module } from '@nestjs/common';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository';
import { PostsController } from './posts.controller';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';

/** Posts: routes under `posts` (mounted at /api by the app). Needs DatabaseModule and AuthModule. */
@Module({
  controllers: [PostsController],
  providers: [PostsService, PostsRepository, IdempotencyKeysRepository],
  exports: [PostsService],
})
export class PostsModule {}
