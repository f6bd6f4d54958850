import { Controller, Get, Header, Query, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard, type AuthUser, CurrentUser } from '../auth';
import { ApiProblems } from '../http/openapi/api-problem.decorator';
import { ValidationPipe } from '../http/validation/validation.pipe';
import { ListOwnPostsQueryDto } from './dto/list-posts.query.dto';
import { PostPageDto } from './dto/post-response.dto';
import { PostsService } from './posts.service';

/** The signed-in user's posts, under the users' URL space (`users/me/posts`). */
@ApiTags('users')
@Controller('users/me/posts')
@UsePipes(ValidationPipe)
export class OwnPostsController {
  constructor(private readonly posts: PostsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "The signed-in user's posts, drafts included",
    description: 'Same paging as GET /api/posts.',
    operationId: 'listMyPosts',
  })
  @ApiOkResponse({ type: PostPageDto.Output })
  @ApiProblems(400, 401, 503)
  myPosts(@CurrentUser() user: AuthUser, @Query() query: ListOwnPostsQueryDto) {
    return this.posts.listOwn(user, query);
  }
}
