// The package entry: our modules and what a host app needs around them.
export { DatabaseModule, DATABASE_MODULE_OPTIONS } from './infra/database/database.module';
export { DRIZZLE, DATABASE_CONNECTION, type Database, type QueryRows, type RowsResultHKT } from './infra/database/database.constants';
export type { DatabaseConnection, DatabaseDriver } from './infra/database/database.connection';
export type { DatabaseModuleOptions } from './infra/database/database.options';
export { UnitOfWork } from './infra/database/unit-of-work';
export { MIGRATIONS_FOLDER, type MigrationReport } from './infra/database/migrations';
export { DEFAULT_MIGRATIONS_TABLE } from './infra/database/migration-records';
export * as schema from './infra/database/schema';

export { AuthModule } from './auth/auth.module';
export type { AuthModuleOptions, AuthModuleAsyncOptions } from './auth/auth.options';
export { AuthGuard, OptionalAuth } from './auth/auth.guard';
export { CurrentUser } from './auth/current-user.decorator';
export type { AuthUser, AuthSession } from './auth/auth.types';

export { PostsModule } from './posts/posts.module';
export { PostsService, type TaggedPost } from './posts/posts.service';
export type { Post, PostPage, PostHistoryEntry } from './posts/dto/post-response.dto';
export type { PostChanges } from './posts/dto/post-body.dto';
export type { PostListQuery } from './posts/dto/list-posts.query.dto';
export { UsersModule } from './users/users.module';
export { HealthModule } from './health/health.module';
export { MetricsModule, type MetricsOptions } from './infra/metrics/metrics.module';
export type { AsyncModuleOptions } from './common/async-options';
export { RateLimitModule } from './infra/rate-limit/rate-limit.module';
export type { RateLimitOptions } from './infra/rate-limit/rate-limit.options';
export { LoggingModule, type LoggingOptions } from './infra/logging/logging.module';

export { configureApp, type ConfigureAppOptions } from './http/pipeline';
export { createHttpAdapter, type HttpAdapterOptions, type HttpPlatform } from './http/platform';
export { createOpenApiDocument, setupSwagger, type OpenApiErrors, type OpenApiInfo } from './http/openapi/swagger';
export { ProblemDetailsFilter } from './http/errors/problem-details.filter';
export type { ProblemDetails } from './http/errors/problem-details';
export { ValidationPipe } from './http/validation/validation.pipe';

export { AppModule } from './app/app.module';
export type { AppConfig } from './app/app.config';
