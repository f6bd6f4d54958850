import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { RouterModule } from '@nestjs/core';
import { AuthModule, DatabaseModule, PostsModule, UsersModule } from 'nest-drizzle-posts';
import { GreetingController } from './greeting.controller';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    // Our own configuration, handed to the embedded modules: they never read process.env.
    DatabaseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ url: config.get('BLOG_DATABASE_URL', 'memory://') }),
    }),
    AuthModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        secret: config.getOrThrow('BLOG_AUTH_SECRET'),
        baseURL: config.get('BLOG_PUBLIC_URL', 'http://localhost:4000'),
        basePath: '/blog/auth', // Better Auth's routes beside ours
      }),
    }),
    PostsModule,
    UsersModule,
    // The blog's routes under our prefix: /blog/posts, /blog/users/me…
    RouterModule.register([{ path: 'blog', children: [PostsModule, UsersModule] }]),
  ],
  controllers: [GreetingController],
})
export class AppModule {}
