import { Controller, Get, Header, Param, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard, type AuthUser, CurrentUser } from '../auth';
import { ApiProblems } from '../http/openapi/api-problem.decorator';
import { ValidationPipe } from '../http/validation/validation.pipe';
import { MeDto, PublicProfileDto, UserIdParamsDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@UsePipes(ValidationPipe)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Header('Cache-Control', 'no-store')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'getMe', summary: 'The signed-in user' })
  @ApiOkResponse({ type: MeDto.Output })
  @ApiProblems(401)
  me(@CurrentUser() user: AuthUser) {
    return this.users.me(user);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getUser', summary: 'Public profile of a user', description: 'Never includes the email.' })
  @ApiOkResponse({ type: PublicProfileDto.Output })
  @ApiProblems(400, 404)
  profile(@Param() { id }: UserIdParamsDto) {
    return this.users.profile(id);
  }
}
