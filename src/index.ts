// The package entry: our modules and what a host app needs around them.
export { DatabaseModule, DATABASE_MODULE_OPTIONS } from './infra/database/database.module';
export { DRIZZLE, DATABASE_CONNECTION, type Database } from './infra/database/database.constants';
export type { DatabaseConnection, DatabaseDriver } from './infra/database/database.connection';
export type { DatabaseModuleOptions } from './infra/database/database.options';
export { UnitOfWork } from './infra/database/unit-of-work';
export { MIGRATIONS_FOLDER } from './infra/database/migrations';
export * as schema from './infra/database/schema';

export { AuthModule } from './auth/auth.module';
export type { AuthModuleOptions, AuthModuleAsyncOptions } from './auth/auth.options';
export { AuthGuard, OptionalAuth } from './auth/auth.guard';
export { CurrentUser } from './auth/current-user.decorator';
export type { AuthUser, AuthSession } from './auth/auth.types';

export { PostsModule } from './posts/posts.module';
export { PostsService } from './posts/posts.service';
export { UsersModule } from './users/users.module';
export { HealthModule } from './health/health.module';
export { MetricsModule } from './infra/metrics/metrics.module';
export { RateLimitModule } from './infra/rate-limit/rate-limit.module';
export type { RateLimitOptions } from './infra/rate-limit/rate-limit.options';
export { LoggingModule, type LoggingOptions } from './infra/logging/logging.module';

export { configureApp, type ConfigureAppOptions } from './http/pipeline';
export { createOpenApiDocument, setupSwagger } from './http/openapi/swagger';
export { ProblemDetailsFilter } from './http/errors/problem-details.filter';
export type { ProblemDetails } from './http/errors/problem-details';
export { ValidationPipe } from './http/validation/validation.pipe';

export { AppModule } from './app/app.module';
export type { AppConfig } from './app/app.config';
