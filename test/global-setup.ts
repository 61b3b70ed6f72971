import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startStack } from './support/stack';

/** Real infrastructure for the whole suite, started once (see test/support/stack.ts). */
export default async function setup(project: TestProject) {
  // With the Web UI: test/browser drives it in Chromium.
  const stack = await startStack('test', (m) => console.log(`[setup] ${m}`), { ui: true });
  project.provide('temporalAddress', stack.env.temporalAddress);
  project.provide('simulatorUrl', stack.env.simulatorUrl);
  project.provide('databaseUrl', stack.env.databaseUrl);
  project.provide('workflowBundlePath', stack.env.workflowBundlePath);
  project.provide('temporalUiUrl', stack.temporalUiUrl!);
  return () => stack.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    simulatorUrl: string;
    databaseUrl: string;
    workflowBundlePath: string;
    /** The dev server's Web UI (http://127.0.0.1:<free port>). */
    temporalUiUrl: string;
  }
}
