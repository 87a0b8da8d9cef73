import type { TestProject } from 'vitest/node';
import { ensureChromium } from '../../scripts/lib/chromium';
import { startThrowawayServer } from '../../scripts/lib/test-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    chromiumPath: string;
    statePath: string;
  }
}

/** Builds the app and serves it on workerd with a throwaway, migrated and seeded D1. */
export default async function setup(project: TestProject) {
  const chromiumPath = ensureChromium();
  const server = await startThrowawayServer();
  project.provide('baseUrl', server.url);
  project.provide('chromiumPath', chromiumPath);
  project.provide('statePath', server.state);
  return server.stop;
}
