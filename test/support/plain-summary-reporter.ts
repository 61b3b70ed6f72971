import type { Reporter, TestModule } from 'vitest/node' with { 'resolution-mode': 'import' };

/**
 * Ends the run with one plain line, `Tests: N passed, N failed[, N skipped]`,
 * which CI reads whatever the runner (vitest's own summary is not among the
 * formats it parses).
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load, or whose hooks failed while its tests were skipped, is a failure too.
      const testsFailed = [...m.children.allTests()].some((t) => t.result().state === 'failed');
      if (m.state() === 'failed' && !testsFailed) failed++;
    }
    const line = `Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // After vitest's own summary, so it is the run's closing line.
    process.once('exit', () => process.stdout.write(`\n${line}\n`));
  }
}
