import { GraphQLError } from 'graphql';
import type { SimContext } from './context';
import { adjustQuantity, ensureLevel, quantity, setQuantity } from './inventory';
import { nowIso, type LevelQuantities } from './store';

/**
 * inventorySetQuantities, inventoryAdjustQuantities, inventoryMoveQuantities:
 * all-or-nothing, with Shopify's compare-and-swap (`changeFromQuantity`, which
 * must be given explicitly, null to skip the check) and reasons. @idempotent is
 * enforced by the request pipeline (idempotency.ts).
 */
export const INVENTORY_REASONS = [
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_canceled',
  'movement_created',
  'movement_received',
  'movement_updated',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
];
const ADJUSTABLE = ['available', 'damaged', 'incoming', 'quality_control', 'reserved', 'safety_stock', 'on_hand'];

type Err = { field: string[]; message: string; code: string };
type Change = {
  name: string;
  delta: number;
  quantityAfterChange: number;
  itemGid: string;
  locationGid: string;
  ledgerDocumentUri: string | null;
};

function requireChangeFrom(entries: Record<string, unknown>[], path: string) {
  entries.forEach((e, i) => {
    if (!('changeFromQuantity' in e))
      throw new GraphQLError(
        `${path}.${i}.changeFromQuantity must be given (pass null to skip the compare-and-swap check)`,
        { extensions: { code: 'BAD_REQUEST' } },
      );
  });
}

function resolveTargets(
  ctx: SimContext,
  entries: { inventoryItemId: string; locationId: string }[],
  path: string[],
): Err[] {
  const errors: Err[] = [];
  entries.forEach((e, i) => {
    if (!ctx.shop.variants.some((v) => v.inventoryItemGid === e.inventoryItemId))
      errors.push({
        field: [...path, String(i), 'inventoryItemId'],
        message: 'The specified inventory item could not be found.',
        code: 'INVALID_INVENTORY_ITEM',
      });
    if (!ctx.shop.locations.some((l) => l.gid === e.locationId))
      errors.push({
        field: [...path, String(i), 'locationId'],
        message: 'The specified location could not be found.',
        code: 'INVALID_LOCATION',
      });
  });
  return errors;
}

function group(ctx: SimContext, reason: string, referenceDocumentUri: string | null | undefined, changes: Change[]) {
  const shop = ctx.shop;
  return {
    __typename: 'InventoryAdjustmentGroup',
    id: ctx.store.gid('InventoryAdjustmentGroup'),
    createdAt: nowIso(),
    reason,
    referenceDocumentUri: referenceDocumentUri ?? null,
    app: null,
    staffMember: null,
    changes: changes.map((c) => {
      const variant = shop.variants.find((v) => v.inventoryItemGid === c.itemGid)!;
      const location = shop.locations.find((l) => l.gid === c.locationGid)!;
      return {
        __typename: 'InventoryChange',
        name: c.name,
        delta: c.delta,
        quantityAfterChange: c.quantityAfterChange,
        ledgerDocumentUri: c.ledgerDocumentUri,
        item: {
          __typename: 'InventoryItem',
          id: variant.inventoryItemGid,
          sku: variant.sku,
          tracked: true,
          requiresShipping: variant.requiresShipping,
        },
        location: { __typename: 'Location', id: location.gid, name: location.name, isActive: location.isActive },
      };
    }),
  };
}

const failed = (userErrors: Err[]) => ({ inventoryAdjustmentGroup: null, userErrors });

export const inventoryMutations = {
  inventorySetQuantities(
    args: {
      input: {
        name: string;
        reason: string;
        referenceDocumentUri?: string | null;
        quantities: {
          inventoryItemId: string;
          locationId: string;
          quantity: number;
          changeFromQuantity?: number | null;
        }[];
      };
    },
    ctx: SimContext,
  ) {
    const { input } = args;
    requireChangeFrom(input.quantities, 'input.quantities');
    if (input.name !== 'available' && input.name !== 'on_hand')
      return failed([
        {
          field: ['input', 'name'],
          message: "The quantity name must be either 'available' or 'on_hand'.",
          code: 'INVALID_NAME',
        },
      ]);
    if (!INVENTORY_REASONS.includes(input.reason))
      return failed([
        { field: ['input', 'reason'], message: 'The specified reason is invalid.', code: 'INVALID_REASON' },
      ]);
    const errors = resolveTargets(ctx, input.quantities, ['input', 'quantities']);
    const seen = new Set<string>();
    input.quantities.forEach((q, i) => {
      const pair = `${q.inventoryItemId}|${q.locationId}`;
      if (seen.has(pair))
        errors.push({
          field: ['input', 'quantities', String(i)],
          message: 'The combination of inventoryItemId and locationId must be unique.',
          code: 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
        });
      seen.add(pair);
      if (q.quantity < 0)
        errors.push({
          field: ['input', 'quantities', String(i), 'quantity'],
          message: "The quantity can't be negative.",
          code: 'INVALID_QUANTITY_NEGATIVE',
        });
      if (q.quantity > 1_000_000_000)
        errors.push({
          field: ['input', 'quantities', String(i), 'quantity'],
          message: "The total quantity can't be higher than 1,000,000,000.",
          code: 'INVALID_QUANTITY_TOO_HIGH',
        });
    });
    if (errors.length) return failed(errors);
    const stale = input.quantities.findIndex(
      (q) =>
        q.changeFromQuantity != null &&
        quantity(ctx.shop.levels.get(q.inventoryItemId)?.get(q.locationId) ?? {}, input.name) !== q.changeFromQuantity,
    );
    if (stale >= 0)
      return failed([
        {
          field: ['input', 'quantities', String(stale), 'changeFromQuantity'],
          message: 'The changeFromQuantity value does not match persisted value.',
          code: 'CHANGE_FROM_QUANTITY_STALE',
        },
      ]);
    const changes: Change[] = [];
    for (const q of input.quantities) {
      const level = ensureLevel(ctx.shop, q.inventoryItemId, q.locationId);
      const delta = setQuantity(level, input.name as 'available' | 'on_hand', q.quantity);
      for (const name of ['available', 'on_hand'])
        changes.push({
          name,
          delta,
          quantityAfterChange: quantity(level, name),
          itemGid: q.inventoryItemId,
          locationGid: q.locationId,
          ledgerDocumentUri: null,
        });
    }
    return { inventoryAdjustmentGroup: group(ctx, input.reason, input.referenceDocumentUri, changes), userErrors: [] };
  },

  inventoryAdjustQuantities(
    args: {
      input: {
        name: string;
        reason: string;
        referenceDocumentUri?: string | null;
        changes: {
          inventoryItemId: string;
          locationId: string;
          delta: number;
          changeFromQuantity?: number | null;
          ledgerDocumentUri?: string | null;
        }[];
      };
    },
    ctx: SimContext,
  ) {
    const { input } = args;
    requireChangeFrom(input.changes, 'input.changes');
    if (!ADJUSTABLE.includes(input.name))
      return failed([
        { field: ['input', 'name'], message: 'The specified quantity name is invalid.', code: 'INVALID_QUANTITY_NAME' },
      ]);
    if (!INVENTORY_REASONS.includes(input.reason))
      return failed([
        { field: ['input', 'reason'], message: 'The specified reason is invalid.', code: 'INVALID_REASON' },
      ]);
    const errors = resolveTargets(ctx, input.changes, ['input', 'changes']);
    input.changes.forEach((c, i) => {
      if (input.name === 'available' && c.ledgerDocumentUri)
        errors.push({
          field: ['input', 'changes', String(i), 'ledgerDocumentUri'],
          message: 'A ledger document URI is not allowed when adjusting available.',
          code: 'INVALID_AVAILABLE_DOCUMENT',
        });
      if (input.name !== 'available' && input.name !== 'on_hand' && !c.ledgerDocumentUri)
        errors.push({
          field: ['input', 'changes', String(i), 'ledgerDocumentUri'],
          message: 'A ledger document URI is required except when adjusting available.',
          code: 'INVALID_QUANTITY_DOCUMENT',
        });
    });
    if (errors.length) return failed(errors);
    const stale = input.changes.findIndex(
      (c) =>
        c.changeFromQuantity != null &&
        quantity(ctx.shop.levels.get(c.inventoryItemId)?.get(c.locationId) ?? {}, input.name) !== c.changeFromQuantity,
    );
    if (stale >= 0)
      return failed([
        {
          field: ['input', 'changes', String(stale), 'changeFromQuantity'],
          message: 'The changeFromQuantity argument no longer matches the persisted quantity.',
          code: 'CHANGE_FROM_QUANTITY_STALE',
        },
      ]);
    const changes: Change[] = [];
    for (const c of input.changes) {
      const level = ensureLevel(ctx.shop, c.inventoryItemId, c.locationId);
      adjustQuantity(level, input.name, c.delta);
      changes.push({
        name: input.name,
        delta: c.delta,
        quantityAfterChange: quantity(level, input.name),
        itemGid: c.inventoryItemId,
        locationGid: c.locationId,
        ledgerDocumentUri: c.ledgerDocumentUri ?? null,
      });
      if (input.name !== 'on_hand' && input.name !== 'incoming')
        changes.push({
          name: 'on_hand',
          delta: c.delta,
          quantityAfterChange: quantity(level, 'on_hand'),
          itemGid: c.inventoryItemId,
          locationGid: c.locationId,
          ledgerDocumentUri: null,
        });
    }
    return { inventoryAdjustmentGroup: group(ctx, input.reason, input.referenceDocumentUri, changes), userErrors: [] };
  },

  inventoryMoveQuantities(
    args: {
      input: {
        reason: string;
        referenceDocumentUri: string;
        changes: { inventoryItemId: string; quantity: number; from: Terminal; to: Terminal }[];
      };
    },
    ctx: SimContext,
  ) {
    const { input } = args;
    requireChangeFrom(
      input.changes.flatMap((c) => [c.from, c.to]),
      'input.changes.from/to',
    );
    if (!INVENTORY_REASONS.includes(input.reason))
      return failed([
        { field: ['input', 'reason'], message: 'The specified reason is invalid.', code: 'INVALID_REASON' },
      ]);
    const errors = resolveTargets(
      ctx,
      input.changes.map((c) => ({ inventoryItemId: c.inventoryItemId, locationId: c.from.locationId })),
      ['input', 'changes'],
    );
    input.changes.forEach((c, i) => {
      const at = ['input', 'changes', String(i)];
      if (c.from.locationId !== c.to.locationId)
        errors.push({ field: at, message: 'The from and to locations must be the same.', code: 'DIFFERENT_LOCATIONS' });
      if (c.from.name === c.to.name)
        errors.push({ field: at, message: 'The from and to quantity names must differ.', code: 'SAME_QUANTITY_NAME' });
      if (c.quantity < 0)
        errors.push({
          field: [...at, 'quantity'],
          message: "The quantity can't be negative.",
          code: 'INVALID_QUANTITY_NEGATIVE',
        });
      for (const side of [c.from, c.to])
        if (!ADJUSTABLE.includes(side.name) || side.name === 'on_hand')
          errors.push({ field: at, message: 'The specified quantity name is invalid.', code: 'INVALID_QUANTITY_NAME' });
    });
    if (errors.length) return failed(errors);
    const levelFor = (c: { inventoryItemId: string; from: Terminal }): LevelQuantities =>
      ctx.shop.levels.get(c.inventoryItemId)?.get(c.from.locationId) ?? {};
    const stale = input.changes.findIndex((c) =>
      [c.from, c.to].some(
        (t) => t.changeFromQuantity != null && quantity(levelFor(c), t.name) !== t.changeFromQuantity,
      ),
    );
    if (stale >= 0)
      return failed([
        {
          field: ['input', 'changes', String(stale)],
          message: 'The changeFromQuantity argument no longer matches the persisted quantity.',
          code: 'CHANGE_FROM_QUANTITY_STALE',
        },
      ]);
    const changes: Change[] = [];
    for (const c of input.changes) {
      const level = ensureLevel(ctx.shop, c.inventoryItemId, c.from.locationId);
      adjustQuantity(level, c.from.name, -c.quantity);
      adjustQuantity(level, c.to.name, c.quantity);
      for (const [t, delta] of [
        [c.from, -c.quantity],
        [c.to, c.quantity],
      ] as const) {
        changes.push({
          name: t.name,
          delta,
          quantityAfterChange: quantity(level, t.name),
          itemGid: c.inventoryItemId,
          locationGid: t.locationId,
          ledgerDocumentUri: t.ledgerDocumentUri ?? null,
        });
      }
    }
    return { inventoryAdjustmentGroup: group(ctx, input.reason, input.referenceDocumentUri, changes), userErrors: [] };
  },
};

type Terminal = {
  locationId: string;
  name: string;
  changeFromQuantity?: number | null;
  ledgerDocumentUri?: string | null;
};
