import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';

/** The instance registered under `token` in any module of the app, or undefined when no module provides it. */
export function findProvider<T>(app: INestApplicationContext, token: unknown): T | undefined {
  // Discovery, not app.get(): a failed app.get() on an app made by NestFactory aborts the process.
  const providers = new DiscoveryService(app.get(ModulesContainer)).getProviders();
  return providers.find((wrapper) => wrapper.token === token)?.instance as T | undefined;
}
