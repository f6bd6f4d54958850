// The package entry: our modules and what a host app needs around them.
export { DatabaseModule, DATABASE_MODULE_OPTIONS } from './database/database.module';
export { DRIZZLE, DATABASE_CONNECTION, type Database } from './database/database.constants';
export type { DatabaseConnection, DatabaseDriver } from './database/database.connection';
export type { DatabaseModuleOptions } from './database/database.options';
export { UnitOfWork } from './database/unit-of-work';
export { MIGRATIONS_FOLDER } from './database/migrations';
export * as schema from './database/schema';

export { AuthModule } from './auth/auth.module';
export type { AuthModuleOptions, AuthModuleAsyncOptions } from './auth/auth.options';
export { AuthGuard, OptionalAuth } from './auth/auth.guard';
export { CurrentUser } from './auth/current-user.decorator';
export type { AuthUser, AuthSession } from './auth/auth.types';

export { PostsModule } from './posts/posts.module';
export { PostsService } from './posts/posts.service';
export { UsersModule } from './users/users.module';
export { HealthModule } from './health/health.module';
export { MetricsModule } from './metrics/metrics.module';
export { RateLimitModule } from './rate-limit/rate-limit.module';
export type { RateLimitOptions } from './rate-limit/rate-limit.options';
export { LoggingModule, type LoggingOptions } from './logging/logging.module';

export { configureApp, type ConfigureAppOptions } from './setup';
export { createOpenApiDocument, setupSwagger } from './swagger';
export { ProblemDetailsFilter } from './common/errors/problem-details.filter';
export type { ProblemDetails } from './common/errors/problem-details';
export { ValidationPipe } from './common/validation/validation.pipe';

export { AppModule } from './app.module';
export type { AppConfig } from './app.config';
