import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../http/idempotency/idempotency.module';
import { OwnPostsController } from './own-posts.controller';
import { PostsController } from './posts.controller';
import { PostHistoryRepository } from './post-history.repository';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';

/** Posts: routes under `posts` and `users/me/posts` (mounted at /api by the app). Needs DatabaseModule and AuthModule. */
@Module({
  imports: [IdempotencyModule],
  controllers: [PostsController, OwnPostsController],
  providers: [PostsService, PostsRepository, PostHistoryRepository],
  exports: [PostsService],
})
export class PostsModule {}
