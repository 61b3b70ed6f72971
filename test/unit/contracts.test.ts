import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORDER_WORKFLOW_TYPE } from '../../src/order/contract';
import { ORDER_SWEEP_WORKFLOW_TYPE } from '../../src/order/sweep-contract';
import { INVENTORY_RECONCILE_WORKFLOW_TYPE, INVENTORY_SYNC_WORKFLOW_TYPE } from '../../src/inventory/contract';
import { CATALOG_SYNC_WORKFLOW_TYPE } from '../../src/catalog/contract';
import { RETURN_REQUEST_WORKFLOW_TYPE, RETURN_WORKFLOW_TYPE } from '../../src/returns/contract';
import { REFUND_WORKFLOW_TYPE } from '../../src/refunds/contract';

/**
 * The seams between the workflows and everything that talks to them: each
 * workflow's contract module (type name, ids, payloads, define* objects) is the
 * one place its names are spelled, and nothing outside src/workflows reaches
 * into workflow code.
 */

const root = join(__dirname, '..', '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const files = sourceFiles(src).map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
const isContract = (path: string) => /(^|\/)(contract|[a-z-]+-contract)\.ts$/.test(path);
const contracts = files.filter((f) => isContract(f.path));

const WORKFLOW_TYPES = [
  ORDER_WORKFLOW_TYPE,
  ORDER_SWEEP_WORKFLOW_TYPE,
  INVENTORY_SYNC_WORKFLOW_TYPE,
  INVENTORY_RECONCILE_WORKFLOW_TYPE,
  CATALOG_SYNC_WORKFLOW_TYPE,
  RETURN_WORKFLOW_TYPE,
  RETURN_REQUEST_WORKFLOW_TYPE,
  REFUND_WORKFLOW_TYPE,
];

/** Every name a contract gives to defineSignal/defineQuery/defineUpdate. */
const messageNames = [
  ...new Set(
    contracts.flatMap((f) =>
      [...f.text.matchAll(/define(?:Signal|Query|Update)(?:<[^(]*>)?\(\s*'([^']+)'/g)].map((m) => m[1]!),
    ),
  ),
];

describe('workflow contracts', () => {
  it('each contract names a workflow the worker registers', () => {
    const index = readFileSync(join(src, 'workflows', 'index.ts'), 'utf8');
    const exported = [...index.matchAll(/export \{ (\w+) \}/g)].map((m) => m[1]);
    expect([...WORKFLOW_TYPES].sort()).toEqual([...exported].sort());
  });

  it('wire names never change: recorded histories, the Web UI and integrators use them', () => {
    expect(WORKFLOW_TYPES).toEqual([
      'orderWorkflow',
      'orderSweepWorkflow',
      'inventorySyncWorkflow',
      'inventoryReconcileWorkflow',
      'catalogSyncWorkflow',
      'returnWorkflow',
      'returnRequestWorkflow',
      'refundWorkflow',
    ]);
    expect(messageNames.sort()).toEqual(
      [
        'action',
        'cancel',
        'cancellationAnswer',
        'edit',
        'functionalAck',
        'hold',
        'inventoryChanged',
        'partnerAcknowledgment',
        'partnerProblem',
        'refundRecorded',
        'release',
        'reroute',
        'retry',
        'returnEvent',
        'returnReceipt',
        'returnScan',
        'shipment',
        'shopifyEvent',
        'skip',
        'status',
      ].sort(),
    );
  });

  it('the contracts define the messages the workflows handle', () => {
    expect(messageNames).toEqual(
      expect.arrayContaining([
        'shopifyEvent',
        'partnerAcknowledgment',
        'shipment',
        'status',
        'cancel',
        'inventoryChanged',
      ]),
    );
  });

  it('nothing outside src/workflows imports workflow code', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('src/workflows/'))
      .filter((f) => /from '(\.\.\/)+workflows[/']|from '\.\/workflows[/']/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('workflow code does not import the I/O side of a domain at run time (type-only imports of activities are how workflows name them)', () => {
    const io =
      /^import (?!type )[^;]*from '[./]+\/(api|activities|db|shopify\/client|orders|partner\/edi-folder|temporal\/connection)[/']/m;
    const offenders = files.filter((f) => f.path.startsWith('src/workflows/') && io.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('no module outside the contracts spells a workflow type or a camelCase message name as a string', () => {
    // Plain-word names (status, retry, cancel, shipment ...) are also ordinary
    // words; those are checked where they would be used as a message name.
    const identifiers = [...WORKFLOW_TYPES, ...messageNames.filter((n) => /[A-Z]/.test(n))];
    const literal = new RegExp(`['"\`](${identifiers.join('|')})['"\`]`);
    const asMessage = new RegExp(
      `\\.(signal|query|executeUpdate|startUpdate|signalWithStart|start|execute)\\(\\s*['"\`](${messageNames.join('|')}|${WORKFLOW_TYPES.join('|')})['"\`]|(signal|workflowType):\\s*['"\`](${messageNames.join('|')}|${WORKFLOW_TYPES.join('|')})['"\`]`,
    );
    const offenders = files
      .filter((f) => !isContract(f.path) && !f.path.startsWith('src/simulator/'))
      .flatMap((f) => f.text.split('\n').map((line, i) => ({ where: `${f.path}:${i + 1}`, line })))
      .filter(({ line }) => !/^\s*(\/\/|\*)/.test(line))
      .filter(({ line }) => literal.test(line) || asMessage.test(line))
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });
});
