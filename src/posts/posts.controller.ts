import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { nodeRequest, type ReplyHeaders } from '../common/node-http';
import { AuthGuard, type AuthUser, CurrentUser, OptionalAuth } from '../auth';
import { requestPath } from '../common/request-path';
import { ApiOptionalAuth } from '../http/openapi/api-optional-auth.decorator';
import { ApiProblems } from '../http/openapi/api-problem.decorator';
import { Idempotent } from '../http/idempotency/idempotent.decorator';
import { ValidationPipe } from '../http/validation/validation.pipe';
import { CreatePostDto, ReplacePostDto, UpdatePostDto } from './dto/post-body.dto';
import { PostIdParamsDto } from './dto/post-params.dto';
import { ListPostsQueryDto } from './dto/list-posts.query.dto';
import { PostDto, PostHistoryEntryDto, PostPageDto, type Post as PostBody } from './dto/post-response.dto';
import { PostsService, type TaggedPost } from './posts.service';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag of the post as last read; a mismatch is 412, so no edit is overwritten unseen',
};
const ETAG = {
  ETag: {
    description: 'Entity tag of the post; send it back in If-Match',
    schema: { type: 'string', pattern: '^"\\d+"$', example: '"3"' },
  },
};

function sendTagged(response: ReplyHeaders, { post, etag }: TaggedPost): PostBody {
  response.header('ETag', etag);
  return post;
}

@ApiTags('posts')
@Controller('posts')
@UseGuards(AuthGuard)
@UsePipes(ValidationPipe)
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Post()
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'createPost',
    summary: 'Create a post',
    description: 'The author is the signed-in user. Drafts unless published is true.',
  })
  @Idempotent('POST /posts')
  @ApiCreatedResponse({
    type: PostDto.Output,
    headers: {
      ...ETAG,
      Location: { description: 'URL of the new post', schema: { type: 'string', format: 'uri-reference' } },
      'Idempotent-Replayed': {
        description: 'Present, "true", when this is the replayed answer to an earlier request with the same Idempotency-Key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiProblems(400, 401, 409, 413, 415, 422)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreatePostDto,
    @Req() req: object,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ) {
    const created = await this.posts.create(user, body);
    // Relative to where the collection is mounted, so a host's prefix is kept.
    res.header('Location', `${requestPath(nodeRequest(req)).replace(/\/$/, '')}/${created.post.id}`);
    return sendTagged(res, created);
  }

  @Get()
  @OptionalAuth()
  @ApiOperation({
    operationId: 'listPosts',
    summary: 'List published posts',
    description: 'Newest first by default; keyset paging with cursor, or page numbers with page.',
  })
  @ApiOkResponse({ type: PostPageDto.Output })
  @ApiProblems(400, 503)
  list(@Query() query: ListPostsQueryDto) {
    return this.posts.list(query);
  }

  @Get(':id')
  @OptionalAuth()
  @ApiOptionalAuth()
  @ApiOperation({
    operationId: 'getPost',
    summary: 'Get a post',
    description: 'Published posts for everyone; a draft only for its author.',
  })
  @ApiOkResponse({ type: PostDto.Output, headers: ETAG })
  @ApiProblems(400, 404)
  async get(@CurrentUser() user: AuthUser | undefined, @Param() { id }: PostIdParamsDto, @Res({ passthrough: true }) res: ReplyHeaders) {
    return sendTagged(res, await this.posts.get(user, id));
  }

  @Patch(':id')
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    operationId: 'updatePost',
    summary: 'Update some fields of a post',
    description: 'Author only; send at least one field.',
  })
  @ApiOkResponse({ type: PostDto.Output, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 413, 415)
  async update(
    @CurrentUser() user: AuthUser,
    @Param() { id }: PostIdParamsDto,
    @Body() body: UpdatePostDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ) {
    return sendTagged(res, await this.posts.update(user, id, body, ifMatch));
  }

  @Put(':id')
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    operationId: 'replacePost',
    summary: 'Replace a post',
    description: 'Author only; title, content and published are all required.',
  })
  @ApiOkResponse({ type: PostDto.Output, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 413, 415)
  async replace(
    @CurrentUser() user: AuthUser,
    @Param() { id }: PostIdParamsDto,
    @Body() body: ReplacePostDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ) {
    return sendTagged(res, await this.posts.update(user, id, body, ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    operationId: 'deletePost',
    summary: 'Delete a post',
    description: 'Author only. A soft delete: later reads are 404, the history stays.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 401, 403, 404, 412)
  remove(@CurrentUser() user: AuthUser, @Param() { id }: PostIdParamsDto, @Headers('if-match') ifMatch: string | undefined) {
    return this.posts.remove(user, id, ifMatch);
  }

  @Get(':id/history')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'getPostHistory',
    summary: 'Audit trail of a post',
    description: 'Author only, oldest first; readable after a delete.',
  })
  @ApiOkResponse({ type: [PostHistoryEntryDto.Output] })
  @ApiProblems(400, 401, 403, 404)
  history(@CurrentUser() user: AuthUser, @Param() { id }: PostIdParamsDto) {
    return this.posts.history(user, id);
  }
}
