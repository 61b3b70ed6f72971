import type { EditArgs } from './contract';
import { argsProblem } from './ops';
import type { Allocation, AllocationLine, OrderStatus } from './types';

/**
 * Order edits the engine makes: an operator's `edit` (set a quantity, add a
 * variant, substitute one SKU for another) checked against the order's lines
 * and turned into what Shopify's order edit takes (quantities per line,
 * variants to add), and the units no allocation holds after an edit (to be
 * routed). Pure: the workflow's Update validator and the edit step call it.
 */

/** A line of the order as last read from Shopify. */
export interface EditableLine {
  lineItemId: string;
  sku: string;
  quantity: number;
  requiresShipping: boolean;
}

/** An edit in Shopify's terms: existing lines' new quantities and variants (by SKU) to add. */
export interface EditPlan {
  set: { lineItemId: string; sku: string; from: number; to: number }[];
  add: { sku: string; quantity: number }[];
}

/** The most units one edit may set or add on a line. */
export const EDIT_QUANTITY_LIMIT = 1000;

const isCount = (n: unknown, min: number) =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= EDIT_QUANTITY_LIMIT;
const isText = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

/** The shape of the edit's arguments; the problem, naming the field, or null. */
export function editArgsProblem(args: unknown): string | null {
  if (!args || typeof args !== 'object' || Array.isArray(args))
    return 'edit takes a JSON object such as {"set": [{"line": "TEE", "quantity": 3}]}';
  const bad = argsProblem('retry', { by: (args as EditArgs).by, note: (args as EditArgs).note });
  if (bad) return bad;
  const a = args as Record<string, unknown>;
  for (const key of ['set', 'add', 'substitute'] as const)
    if (a[key] !== undefined && !Array.isArray(a[key])) return `${key} must be a list`;
  const set = (a.set ?? []) as Record<string, unknown>[];
  const add = (a.add ?? []) as Record<string, unknown>[];
  const substitute = (a.substitute ?? []) as Record<string, unknown>[];
  for (const [i, x] of set.entries()) {
    if (!isText(x?.line)) return `set[${i}].line must name a line (its line item id or SKU)`;
    if (!isCount(x.quantity, 0)) return `set[${i}].quantity must be a whole number from 0 to ${EDIT_QUANTITY_LIMIT}`;
  }
  for (const [i, x] of add.entries()) {
    if (!isText(x?.sku)) return `add[${i}].sku must be a SKU`;
    if (!isCount(x.quantity, 1)) return `add[${i}].quantity must be a whole number from 1 to ${EDIT_QUANTITY_LIMIT}`;
  }
  for (const [i, x] of substitute.entries()) {
    if (!isText(x?.line)) return `substitute[${i}].line must name a line (its line item id or SKU)`;
    if (!isText(x.sku)) return `substitute[${i}].sku must be the SKU that replaces it`;
    if (x.quantity !== undefined && !isCount(x.quantity, 1))
      return `substitute[${i}].quantity must be a whole number from 1 to ${EDIT_QUANTITY_LIMIT}`;
  }
  if (!set.length && !add.length && !substitute.length) return 'the edit names no change (set, add or substitute)';
  return null;
}

/** The line `ref` names: its line item id, or a SKU on exactly one line. */
function lineOf(lines: EditableLine[], ref: string, field: string): EditableLine | string {
  const byId = lines.find((l) => l.lineItemId === ref);
  if (byId) return byId;
  const bySku = lines.filter((l) => l.sku === ref.trim());
  if (bySku.length === 1) return bySku[0]!;
  if (bySku.length > 1) return `${field}: SKU ${ref} is on ${bySku.length} lines; name the line by its id`;
  return `${field}: the order has no line ${ref} (lines: ${lines.map((l) => l.sku || l.lineItemId).join(', ')})`;
}

/** The edit as Shopify takes it, or the reason it cannot be made to these lines. */
export function planEdit(lines: EditableLine[], args: EditArgs): { plan: EditPlan } | { problem: string } {
  const shape = editArgsProblem(args);
  if (shape) return { problem: shape };
  const target = new Map(lines.map((l) => [l.lineItemId, l.quantity]));
  const added = new Map<string, number>();
  const addUnits = (sku: string, n: number, field: string): string | null => {
    const onOrder = lines.filter((l) => l.sku === sku);
    if (onOrder.length > 1) return `${field}: SKU ${sku} is on ${onOrder.length} lines; set one of them instead`;
    if (onOrder.length === 1) target.set(onOrder[0]!.lineItemId, target.get(onOrder[0]!.lineItemId)! + n);
    else added.set(sku, (added.get(sku) ?? 0) + n);
    return null;
  };
  for (const [i, x] of (args.set ?? []).entries()) {
    const l = lineOf(lines, x.line, `set[${i}].line`);
    if (typeof l === 'string') return { problem: l };
    target.set(l.lineItemId, x.quantity);
  }
  for (const [i, x] of (args.substitute ?? []).entries()) {
    const l = lineOf(lines, x.line, `substitute[${i}].line`);
    if (typeof l === 'string') return { problem: l };
    const sku = x.sku.trim();
    if (sku === l.sku) return { problem: `substitute[${i}].sku: ${sku} is the line's own SKU; nothing to substitute` };
    const have = target.get(l.lineItemId)!;
    const n = x.quantity ?? have;
    if (n > have || have === 0)
      return { problem: `substitute[${i}].quantity: line ${l.sku} has ${have} unit(s), not ${n} to substitute` };
    target.set(l.lineItemId, have - n);
    const bad = addUnits(sku, n, `substitute[${i}].sku`);
    if (bad) return { problem: bad };
  }
  for (const [i, x] of (args.add ?? []).entries()) {
    const bad = addUnits(x.sku.trim(), x.quantity, `add[${i}].sku`);
    if (bad) return { problem: bad };
  }
  const plan: EditPlan = { set: [], add: [...added].map(([sku, quantity]) => ({ sku, quantity })) };
  for (const l of lines) {
    const to = target.get(l.lineItemId)!;
    if (to > EDIT_QUANTITY_LIMIT) return { problem: `line ${l.sku}: ${to} units is more than ${EDIT_QUANTITY_LIMIT}` };
    if (to !== l.quantity) plan.set.push({ lineItemId: l.lineItemId, sku: l.sku, from: l.quantity, to });
  }
  if (!plan.set.length && !plan.add.length) return { problem: 'the edit leaves every line as it is' };
  if (!plan.add.length && lines.every((l) => (target.get(l.lineItemId) ?? 0) === 0))
    return { problem: 'the edit removes every unit; cancel the order instead' };
  return { plan };
}

/**
 * Why an edit does not fit the order now, or null. Edits are taken while
 * partners are asked to accept and nothing is captured or released (the
 * capture then follows the edited total); the order must not be waiting for
 * a person.
 */
export function editRefusal(
  s: Pick<OrderStatus, 'stage' | 'attention' | 'allocations'>,
  lines: EditableLine[] | null,
  args: unknown,
): string | null {
  const shape = editArgsProblem(args);
  if (shape) return shape;
  if (s.stage !== 'awaiting_acceptance')
    return `edit applies while partners are asked to accept or, once captured, while the order waits for shipment; the order is in stage ${s.stage}`;
  if (s.attention) return `the order needs attention ("${s.attention.reason}"); settle that first`;
  if (s.allocations.some((a) => a.captured || a.state === 'released_to_ship' || a.state === 'shipped'))
    return 'part of the order is captured or released to ship; edit it in Shopify and settle the money there';
  if (!lines) return 'the order has not been read from Shopify yet';
  const planned = planEdit(lines, args as EditArgs);
  return 'problem' in planned ? planned.problem : null;
}

/** "TEE 2 -> 3, MUG 1 -> 0, + 2 x CAP" */
export function describeEdit(plan: EditPlan): string {
  return [
    ...plan.set.map((x) => `${x.sku || x.lineItemId} ${x.from} -> ${x.to}`),
    ...plan.add.map((x) => `+ ${x.quantity} x ${x.sku}`),
  ].join(', ');
}

/** Units of shipping lines that no live allocation holds (added by an edit): what is routed next. */
export function unroutedUnits(lines: EditableLine[], allocations: Allocation[]): AllocationLine[] {
  const held = new Map<string, number>();
  for (const a of allocations.filter((x) => x.state !== 'rejected' && x.state !== 'cancelled'))
    for (const l of a.lines) held.set(l.lineItemId, (held.get(l.lineItemId) ?? 0) + l.quantity);
  return lines
    .filter((l) => l.requiresShipping)
    .map((l) => ({ lineItemId: l.lineItemId, sku: l.sku, quantity: l.quantity - (held.get(l.lineItemId) ?? 0) }))
    .filter((l) => l.quantity > 0);
}
