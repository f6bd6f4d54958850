import { buildApp } from './built-app';

// The topology's instances run dist/main.js: built once, before the suites (CI built it already).
export default function topologySetup(): void {
  if (process.env.TEST_BUILT !== '1') buildApp();
}
