import { Controller, Get, Module } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthModule } from '../../src/auth/auth.module';
import { DatabaseModule } from '../../src/infra/database/database.module';
import { PostsModule } from '../../src/posts/posts.module';
import { UsersModule } from '../../src/users/users.module';
import { createTestingApp, type TestingApp } from '../../src/testing';
import { TEST_SECRET } from '../support/test-app';

// A host's own models, named as Better Auth's and ours are before the document renames them.
class User {
  @ApiProperty() handle!: string;
}
class Session {
  @ApiProperty() device!: string;
}

@ApiTags('notes')
@Controller('notes')
class NotesController {
  @Get('owner')
  @ApiOkResponse({ type: User })
  owner(): User {
    return { handle: 'ada' };
  }

  @Get('session')
  @ApiOkResponse({ type: Session })
  session(): Session {
    return { device: 'phone' };
  }
}

@Module({
  imports: [
    DatabaseModule.forRoot({}),
    AuthModule.forRoot({ secret: TEST_SECRET, baseURL: 'http://127.0.0.1:3000' }),
    UsersModule,
    PostsModule,
  ],
  controllers: [NotesController],
})
class NotesHostModule {}

describe('the OpenAPI document of a host app with schemas and error shapes of its own', () => {
  let t: TestingApp;
  let document: any;

  beforeAll(async () => {
    t = await createTestingApp({ imports: [NotesHostModule], setup: { problemDetailsExcept: ['/notes'] } });
    document = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t?.close());

  it("keeps the host's User and Session schemas, with Better Auth's beside them and ours under its generated name", () => {
    const { schemas } = document.components;
    expect(schemas.User.properties).toEqual({ handle: { type: 'string' } });
    expect(schemas.Session.properties).toEqual({ device: { type: 'string' } });
    expect(schemas.AuthUser.properties).toHaveProperty('emailVerified');
    expect(schemas.AuthSession.properties).toHaveProperty('expiresAt');
    expect(document.paths['/notes/owner'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/User',
    });
    expect(document.paths['/users/me'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/MeDto_Output',
    });
    expect(document.paths['/api/auth/get-session'].get.responses['200'].content['application/json'].schema.properties.user).toEqual({
      $ref: '#/components/schemas/AuthUser',
    });
  });

  it("adds no problem+json responses to the routes left to Nest's error shape, and all of them to ours", () => {
    expect(Object.keys(document.paths['/notes/owner'].get.responses)).toEqual(['200']);
    expect(Object.keys(document.paths['/posts'].get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '413', '415', '429', '500', '503']),
    );
  });
});
