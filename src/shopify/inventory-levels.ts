import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ShopifyAdmin } from './client';
import type {
  BulkOperationQuery,
  InventoryItemLevelsQuery,
  InventoryItemsWithLevelsQuery,
} from './generated/admin.generated';
import {
  BULK_OPERATION,
  BULK_OPERATION_CANCEL,
  BULK_OPERATION_RUN_QUERY,
  CURRENT_BULK_QUERY_OPERATION,
  INVENTORY_ITEM_LEVELS,
  INVENTORY_ITEMS_WITH_LEVELS,
  INVENTORY_LEVELS_BULK_QUERY,
  INVENTORY_LEVELS_BY_ID,
} from './documents';

/**
 * Reading what Shopify shows for inventory, at scale: every level of every
 * inventory item (reconciliation), paged through the Admin API within its cost
 * limit or exported by a bulk operation and streamed from its JSONL; and a
 * batch of given levels by InventoryLevel GID (compare-and-set re-reads).
 */
export interface LevelRow {
  inventoryItemId: string;
  sku: string | null;
  locationId: string;
  available: number;
  on_hand?: number;
}

export interface ReadLevelsOptions {
  method: 'paged' | 'bulk';
  /** Called with the number of rows read so far, after each page (paged) or every 500 rows (bulk), and at the end. */
  onProgress?: (n: number) => void;
  /** Called on every poll of a bulk operation (heartbeat while Shopify works). */
  onPoll?: (op: { id: string; status: string; objectCount: number }) => void;
  bulk?: BulkWaitOptions;
}

export interface BulkWaitOptions {
  /** How long to wait for the operation to complete, from its start (default 30 minutes). */
  timeoutMs?: number;
  /** How long to wait for another bulk query operation of the shop to finish first (default 10 minutes; 0: fail at once). */
  waitForOtherMs?: number;
  /** Poll backoff: from minPollMs, x1.5 per poll, up to maxPollMs (defaults 200 ms and 3 s). */
  minPollMs?: number;
  maxPollMs?: number;
}

/** A bulk operation that failed, was cancelled or expired, timed out, or could not start. */
export class BulkOperationError extends Error {
  constructor(
    message: string,
    readonly operationId: string | null,
    readonly status: string | null,
    readonly errorCode: string | null = null,
  ) {
    super(message);
    this.name = 'BulkOperationError';
  }
}

/** The key readAvailableOf's map uses. */
export const levelKey = (inventoryItemId: string, locationId: string) => `${inventoryItemId}|${locationId}`;

/** InventoryLevel's GID as Shopify builds it: gid://shopify/InventoryLevel/<location id>?inventory_item_id=<item id>. */
export function inventoryLevelGid(inventoryItemId: string, locationId: string): string {
  return `gid://shopify/InventoryLevel/${locationId.split('/').pop()}?inventory_item_id=${inventoryItemId.split('/').pop()}`;
}

/** Shopify answers at most 250 ids per nodes() call. */
export const NODES_PER_CALL = 250;

interface Quantity {
  name: string;
  quantity: number;
}
/** A level as row() reads it: the paged documents' level nodes, and a bulk JSONL level line (the bulk query is not typed by codegen). */
interface LevelNode {
  id: string;
  location: { id: string };
  quantities: Quantity[];
}
/** A bulk operation as BulkOperationRunQuery, BulkOperation and CurrentBulkQueryOperation select it (the same fields). */
type BulkOp = NonNullable<BulkOperationQuery['bulkOperation']>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = (qs: Quantity[], name: string) => qs.find((x) => x.name === name)?.quantity;

function row(itemId: string, sku: string | null, level: LevelNode): LevelRow {
  const onHand = q(level.quantities, 'on_hand');
  return {
    inventoryItemId: itemId,
    sku,
    locationId: level.location.id,
    available: q(level.quantities, 'available') ?? 0,
    ...(onHand === undefined ? {} : { on_hand: onHand }),
  };
}

/**
 * Every level of every inventory item in the shop, as a stream of rows.
 * `paged`: InventoryItemsWithLevels pages (25 items x 10 levels, 827 points),
 * an item's further levels through InventoryItemLevels. `bulk`: one bulk query
 * operation, polled to completion, its JSONL streamed and each level stitched
 * to its item by __parentId. Throws BulkOperationError when the operation
 * fails, is cancelled, times out, or another one holds the shop too long.
 */
export function readAvailableLevels(shopify: ShopifyAdmin, opts: ReadLevelsOptions): AsyncIterable<LevelRow> {
  return opts.method === 'bulk' ? readBulk(shopify, opts) : readPaged(shopify, opts);
}

async function* readPaged(shopify: ShopifyAdmin, opts: ReadLevelsOptions): AsyncGenerator<LevelRow> {
  let n = 0;
  let after: string | null = null;
  do {
    const data: InventoryItemsWithLevelsQuery = await shopify.request(
      'InventoryItemsWithLevels',
      INVENTORY_ITEMS_WITH_LEVELS,
      { after },
    );
    for (const item of data.inventoryItems.nodes) {
      let levels = item.inventoryLevels;
      for (;;) {
        for (const level of levels.nodes) {
          n += 1;
          yield row(item.id, item.sku, level);
        }
        if (!levels.pageInfo.hasNextPage) break;
        const more: InventoryItemLevelsQuery = await shopify.request('InventoryItemLevels', INVENTORY_ITEM_LEVELS, {
          id: item.id,
          after: levels.pageInfo.endCursor,
        });
        if (!more.inventoryItem) break; // deleted meanwhile
        levels = more.inventoryItem.inventoryLevels;
      }
    }
    opts.onProgress?.(n);
    after = data.inventoryItems.pageInfo.hasNextPage ? data.inventoryItems.pageInfo.endCursor : null;
  } while (after);
}

async function* readBulk(shopify: ShopifyAdmin, opts: ReadLevelsOptions): AsyncGenerator<LevelRow> {
  const op = await runBulkQuery(shopify, INVENTORY_LEVELS_BULK_QUERY, opts);
  let n = 0;
  if (op.url) {
    // Lines come parent first: an item, then its levels (each with __parentId = the item's id).
    const skus = new Map<string, string | null>();
    for await (const line of jsonlLines(op.url)) {
      const parent = line.__parentId as string | undefined;
      if (!parent) {
        skus.set(line.id as string, (line.sku as string | null) ?? null);
        continue;
      }
      if (!skus.has(parent))
        throw new BulkOperationError(
          `Bulk operation ${op.id}: level ${String(line.id)} names parent ${parent}, which came before no level`,
          op.id,
          op.status,
        );
      n += 1;
      yield row(parent, skus.get(parent)!, line as unknown as LevelNode);
      if (n % 500 === 0) opts.onProgress?.(n);
    }
  }
  opts.onProgress?.(n);
}

/** The JSONL at `url`, line by line as it downloads. */
async function* jsonlLines(url: string): AsyncGenerator<Record<string, unknown>> {
  const res = await fetch(url);
  if (!res.ok || !res.body)
    throw new BulkOperationError(`Bulk operation result download failed: HTTP ${res.status} from ${url}`, null, null);
  const lines = createInterface({
    input: Readable.fromWeb(res.body as unknown as WebReadableStream),
    crlfDelay: Infinity,
  });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
}

const PENDING = new Set(['CREATED', 'RUNNING', 'CANCELING']);

/**
 * Start a bulk query and wait for it to complete; returns the completed
 * operation. Another bulk query of the shop still running is waited for
 * (up to waitForOtherMs) before starting again.
 */
export async function runBulkQuery(
  shopify: ShopifyAdmin,
  query: string,
  opts: Pick<ReadLevelsOptions, 'onPoll' | 'bulk'> = {},
): Promise<BulkOp> {
  const timeoutMs = opts.bulk?.timeoutMs ?? 30 * 60_000;
  const waitForOtherMs = opts.bulk?.waitForOtherMs ?? 10 * 60_000;
  const minPoll = opts.bulk?.minPollMs ?? 200;
  const maxPoll = opts.bulk?.maxPollMs ?? 3_000;
  const otherDeadline = Date.now() + waitForOtherMs;

  let started: BulkOp | null = null;
  while (!started) {
    const data = await shopify.request('BulkOperationRunQuery', BULK_OPERATION_RUN_QUERY, { query });
    const bulkOperation = data.bulkOperationRunQuery?.bulkOperation ?? null;
    const userErrors = data.bulkOperationRunQuery?.userErrors ?? [];
    if (bulkOperation && !userErrors.length) {
      started = bulkOperation;
      break;
    }
    const inProgress = userErrors.find((e) => e.code === 'OPERATION_IN_PROGRESS');
    if (!inProgress)
      throw new BulkOperationError(
        `bulkOperationRunQuery refused: ${userErrors.map((e) => `${e.message}${e.code ? ` (${e.code})` : ''}`).join('; ') || 'no operation returned'}`,
        null,
        null,
      );
    // Another bulk query holds the shop: wait for it to end, then try again.
    let delay = minPoll;
    for (;;) {
      const cur = (await shopify.request('CurrentBulkQueryOperation', CURRENT_BULK_QUERY_OPERATION))
        .currentBulkOperation;
      if (!cur || !PENDING.has(cur.status)) break;
      opts.onPoll?.({ id: cur.id, status: cur.status, objectCount: Number(cur.objectCount) });
      if (Date.now() + delay > otherDeadline) {
        throw new BulkOperationError(
          `Another bulk query operation (${cur.id}, ${cur.status}) is still running after ${Math.round(waitForOtherMs / 1000)}s; Shopify runs one at a time per shop`,
          cur.id,
          cur.status,
        );
      }
      await sleep(delay);
      delay = Math.min(maxPoll, Math.ceil(delay * 1.5));
    }
  }

  const deadline = Date.now() + timeoutMs;
  let op = started;
  let delay = minPoll;
  while (PENDING.has(op.status)) {
    if (Date.now() + delay > deadline) {
      // Free the shop's one bulk query slot for the next attempt.
      await shopify.request('BulkOperationCancel', BULK_OPERATION_CANCEL, { id: op.id }).catch(() => undefined);
      throw new BulkOperationError(
        `Bulk operation ${op.id} did not complete within ${Math.round(timeoutMs / 1000)}s (last status ${op.status}, ${op.objectCount} objects); cancelled`,
        op.id,
        op.status,
      );
    }
    await sleep(delay);
    delay = Math.min(maxPoll, Math.ceil(delay * 1.5));
    const next = (await shopify.request('BulkOperation', BULK_OPERATION, { id: op.id })).bulkOperation;
    if (!next) throw new BulkOperationError(`Bulk operation ${op.id} vanished while running`, op.id, null);
    op = next;
    opts.onPoll?.({ id: op.id, status: op.status, objectCount: Number(op.objectCount) });
  }
  if (op.status !== 'COMPLETED') {
    throw new BulkOperationError(
      `Bulk operation ${op.id} ended ${op.status}${op.errorCode ? ` (${op.errorCode})` : ''}${op.partialDataUrl ? '; partial data was discarded' : ''}`,
      op.id,
      op.status,
      op.errorCode,
    );
  }
  return op;
}

/**
 * `available` at the given (item, location) pairs, keyed `${itemId}|${locationId}`
 * (levelKey), read by InventoryLevel GID through nodes(ids:), 250 per call. A
 * level Shopify does not have (the location does not stock the item) is absent.
 */
export async function readAvailableOf(
  shopify: ShopifyAdmin,
  pairs: { inventoryItemId: string; locationId: string }[],
): Promise<Map<string, number>> {
  const byGid = new Map<string, string>();
  for (const p of pairs)
    byGid.set(inventoryLevelGid(p.inventoryItemId, p.locationId), levelKey(p.inventoryItemId, p.locationId));
  const gids = [...byGid.keys()];
  const out = new Map<string, number>();
  for (let i = 0; i < gids.length; i += NODES_PER_CALL) {
    const ids = gids.slice(i, i + NODES_PER_CALL);
    const data = await shopify.request('InventoryLevelsById', INVENTORY_LEVELS_BY_ID, { ids });
    data.nodes.forEach((node, j) => {
      if (!node?.id || !node.quantities) return;
      const key = byGid.get(node.id) ?? byGid.get(ids[j]!);
      const available = q(node.quantities, 'available');
      if (key && available !== undefined) out.set(key, available);
    });
  }
  return out;
}
