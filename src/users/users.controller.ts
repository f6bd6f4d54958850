import { Controller, Get, Header, Param, Query, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import type { AuthUser } from '../auth/auth.types';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiProblems } from '../common/openapi/api-problem.decorator';
import { ValidationPipe } from '../common/validation/validation.pipe';
import { ListOwnPostsQueryDto } from '../posts/dto/list-posts.query.dto';
import { PostPageDto } from '../posts/dto/post-response.dto';
import { PostsService } from '../posts/posts.service';
import { MeDto, PublicProfileDto, UserIdParamsDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@UsePipes(ValidationPipe)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly posts: PostsService,
  ) {}

  @Get('me')
  @Header('Cache-Control', 'no-store')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: MeDto.Output })
  @ApiProblems(401)
  me(@CurrentUser() user: AuthUser) {
    return this.users.me(user);
  }

  @Get('me/posts')
  @Header('Cache-Control', 'no-store')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: "The signed-in user's posts, drafts included", description: 'Same paging as GET /api/posts.' })
  @ApiOkResponse({ type: PostPageDto.Output })
  @ApiProblems(400, 401, 503)
  myPosts(@CurrentUser() user: AuthUser, @Query() query: ListOwnPostsQueryDto) {
    return this.posts.listOwn(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Public profile of a user', description: 'Never includes the email.' })
  @ApiOkResponse({ type: PublicProfileDto.Output })
  @ApiProblems(400, 404)
  profile(@Param() { id }: UserIdParamsDto) {
    return this.users.profile(id);
  }
}
