import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startStack } from './support/stack';

/** Real infrastructure for the whole suite, started once (see test/support/stack.ts). */
export default async function setup(project: TestProject) {
  const stack = await startStack('test', (m) => console.log(`[setup] ${m}`));
  project.provide('temporalAddress', stack.env.temporalAddress);
  project.provide('simulatorUrl', stack.env.simulatorUrl);
  project.provide('databaseUrl', stack.env.databaseUrl);
  project.provide('workflowBundlePath', stack.env.workflowBundlePath);
  return () => stack.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    simulatorUrl: string;
    databaseUrl: string;
    workflowBundlePath: string;
  }
}
