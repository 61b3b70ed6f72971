import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';

/**
 * Determinism guard: histories of real orders (recorded from the e2e suite
 * with RECORD_HISTORIES=1) must replay against today's workflow code. A change
 * that would break running orders fails here; version it with patched().
 */
const DIR = path.join(__dirname, 'histories');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('workflow replay', () => {
  it('has recorded histories for the main paths', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining([
        'single-location.json',
        'split.json',
        'reroute-after-rejection.json',
        'cancel-after-capture.json',
        'inventory-sync-continued.json',
        'inventory-reconcile.json',
        'catalog-sync.json',
        'order-sweep.json',
        'ship-notice-cancel-crossing.json',
        'ship-notices-partial-overlap.json',
        'refund-while-running.json',
        'refund-taken-in.json',
        'return-two-receipts.json',
        'return-declined.json',
        'return-request.json',
        'ops-edit-860-change.json',
        'ops-edit-add-unit.json',
        'shopify-edit-adds-unit.json',
        'return-exchange-cheaper.json',
        'order-exchange-run.json',
        'edit-after-capture.json',
      ]),
    );
  });

  it.each(fixtures)('replays %s without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')));
    await Worker.runReplayHistory(
      { workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') } },
      history,
      file,
    );
  });
});
