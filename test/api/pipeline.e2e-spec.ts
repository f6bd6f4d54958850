import { Body, Controller, Module, NotFoundException, Post } from '@nestjs/common';
import { DatabaseModule } from '../../src/infra/database/database.module';
import { createTestingApp, type TestingApp } from '../../src/testing';
import { expectProblem } from '../support/problem';

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown) {
    return { received: body };
  }

  @Post('missing')
  missing(): never {
    throw new NotFoundException('No such note');
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('configureApp without AuthModule', () => {
  let app: TestingApp;

  beforeAll(async () => {
    app = await createTestingApp({
      imports: [DatabaseModule.forRoot({}), EchoModule],
      setup: { swaggerPath: false, problemDetailsExcept: ['/echo/missing'] },
    });
  });
  afterAll(() => app?.close());

  it('parses JSON bodies itself: no route depends on AuthModule for its body', async () => {
    const response = await app.http().post('/echo').send({ title: 'Hello' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ received: { title: 'Hello' } });
  });

  it('still refuses bodies that are not JSON with a problem', async () => {
    const response = await app.http().post('/echo').set('Content-Type', 'text/plain').send('hello');
    expectProblem(response, 415, '/echo');
  });

  it("leaves a host's own routes to Nest's error shape when they are excepted", async () => {
    const response = await app.http().post('/echo/missing').send({});
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ statusCode: 404, message: 'No such note', error: 'Not Found' });
  });

  it('answers routes that are not excepted with problem+json', async () => {
    expectProblem(await app.http().post('/unknown').send({}), 404, '/unknown');
  });
});
