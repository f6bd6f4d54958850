export * from './auth.schema';
export * from './posts.schema';
export * from './relations';
export * from './idempotency.schema';
