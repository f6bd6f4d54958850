import type { DynamicModule, FactoryProvider, ModuleMetadata, Provider, Type } from '@nestjs/common';

/** `forRootAsync`'s argument, as Nest's own modules take it. */
export interface AsyncModuleOptions<T> {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: any[]) => T | Promise<T>;
}

/**
 * A module providing `token` (the options, made once by `useFactory`) and `derived` providers
 * built from them, to the module that owns them and to the libraries it configures with their
 * own `forRootAsync` (which can inject only what an imported module exports).
 */
export function optionsModule<T>(
  holder: Type,
  token: symbol,
  options: AsyncModuleOptions<T>,
  derived: (Provider & { provide: symbol | Type })[] = [],
): DynamicModule {
  return {
    module: holder,
    imports: options.imports ?? [],
    providers: [{ provide: token, inject: options.inject ?? [], useFactory: options.useFactory }, ...derived],
    exports: [token, ...derived.map((provider) => provider.provide)],
  };
}
