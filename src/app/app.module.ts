import { type DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { AppConfig } from './app.config';
import { AuthModule } from '../auth/auth.module';
import { DatabaseModule } from '../infra/database/database.module';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../infra/logging/logging.module';
import { MetricsModule } from '../infra/metrics/metrics.module';
import { RateLimitModule } from '../infra/rate-limit/rate-limit.module';
import { PostsModule } from '../posts/posts.module';
import { UsersModule } from '../users/users.module';

/** The standalone service: our modules, configured from one validated AppConfig. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(config.logging),
        RateLimitModule.forRoot(config.rateLimit),
        DatabaseModule.forRoot(config.database),
        AuthModule.forRoot(config.auth),
        PostsModule,
        UsersModule,
        HealthModule,
        ...(config.metrics ? [MetricsModule.forRoot(config.metrics)] : []),
        RouterModule.register([{ path: 'api', children: [PostsModule, UsersModule] }]),
      ],
    };
  }
}
