import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthUser } from 'nest-drizzle-posts';

@Controller()
export class GreetingController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }

  // Our own route, protected by the embedded guard.
  @Get('whoami')
  @UseGuards(AuthGuard)
  whoami(@CurrentUser() user: AuthUser) {
    return { id: user.id, name: user.name };
  }
}
