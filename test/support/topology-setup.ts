import { buildApp } from './built-app';

// The topology's instances run dist/main.js: built once, before the suites.
export default function topologySetup(): void {
  buildApp();
}
