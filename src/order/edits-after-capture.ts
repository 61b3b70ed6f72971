import type { EditArgs } from './contract';
import { editArgsProblem, planEdit, type EditableLine, type EditPlan } from './edits';
import { subtractLines } from './partial';
import type { Allocation, AllocationLine, OrderStatus, Stage } from './types';

/**
 * Order edits after the capture (patch 'edits-after-capture'): while the order
 * waits for its ship notices, an operator may still change the lines that
 * have not shipped. Pure: the edit Update's validator and the workflow's edit
 * step (src/workflows/order/edits-after-capture.ts) call it.
 */

/** The stages in which an edit is taken after the capture. */
export const AFTER_CAPTURE_STAGES: readonly Stage[] = ['awaiting_shipment', 'fulfilling'];

/** Units per line item that have shipped or that a partner has reported shipped (its notice not yet in Shopify). */
export function shippedUnits(
  allocations: Allocation[],
  reported: { allocationId: string; lines?: { lineItemId: string; quantity: number }[] | null }[],
): Map<string, number> {
  const out = new Map<string, number>();
  const add = (lines: { lineItemId: string; quantity: number }[]) => {
    for (const l of lines) out.set(l.lineItemId, (out.get(l.lineItemId) ?? 0) + l.quantity);
  };
  for (const a of allocations.filter((x) => x.state !== 'rejected' && x.state !== 'cancelled')) {
    if (a.state === 'shipped') {
      add(a.lines);
      continue;
    }
    add(a.shipped ?? []);
    // A notice without lines ships all that remains of its allocation.
    const notices = reported.filter((n) => n.allocationId === a.id);
    if (notices.some((n) => !n.lines?.length)) add(subtractLines(a.lines, a.shipped ?? []));
    else for (const n of notices) add(n.lines ?? []);
  }
  return out;
}

/** The first line the plan changes that has shipped units (by its field in the edit), or null. */
function touchesShipped(lines: EditableLine[], plan: EditPlan, shipped: Map<string, number>): string | null {
  for (const x of plan.set) {
    const n = shipped.get(x.lineItemId) ?? 0;
    if (n > 0) {
      const line = lines.find((l) => l.lineItemId === x.lineItemId);
      return `line ${line?.sku || x.lineItemId} has shipped ${n} unit(s); after the capture an edit changes only lines that have not shipped`;
    }
  }
  return null;
}

/**
 * Why an edit does not fit an order that is captured and waiting for its
 * ship notices, or null: every allocation must be released to ship or
 * shipped, no question open, and the edit must not touch a line with shipped
 * (or reported shipped) units.
 */
export function editAfterCaptureRefusal(
  s: Pick<OrderStatus, 'stage' | 'attention' | 'allocations'>,
  lines: EditableLine[] | null,
  args: unknown,
  shipped: Map<string, number>,
): string | null {
  const shape = editArgsProblem(args);
  if (shape) return shape;
  if (s.attention) return `the order needs attention ("${s.attention.reason}"); settle that first`;
  const live = s.allocations.filter((a) => a.state !== 'rejected' && a.state !== 'cancelled');
  if (!live.some((a) => a.state === 'released_to_ship'))
    return 'everything has shipped; refund or return it in Shopify instead';
  if (live.some((a) => a.state !== 'released_to_ship' && a.state !== 'shipped'))
    return 'part of the order is still being routed or captured; edit it once it waits for shipment';
  if (!lines) return 'the order has not been read from Shopify yet';
  return planAfterCapture(lines, args as EditArgs, shipped);
}

/** The edit's plan against these lines, or the reason it cannot be made after the capture. */
export function planAfterCapture(lines: EditableLine[], args: EditArgs, shipped: Map<string, number>): string | null {
  const planned = planEdit(lines, args);
  if ('problem' in planned) return planned.problem;
  return touchesShipped(lines, planned.plan, shipped);
}

/**
 * Units an edit took off, per released allocation: for each line, what the
 * live allocations hold beyond Shopify's quantity comes off the unshipped
 * units of allocations released to ship, last first. Returns each changed
 * allocation's new lines, and units no released allocation could give back.
 */
export function takeOffReleased(
  allocations: Allocation[],
  wanted: Map<string, number>,
): { changed: Map<string, AllocationLine[]>; left: AllocationLine[] } {
  const live = allocations.filter((a) => a.state !== 'rejected' && a.state !== 'cancelled');
  const released = live.filter((a) => a.state === 'released_to_ship').reverse();
  const changed = new Map<string, AllocationLine[]>();
  const left: AllocationLine[] = [];
  for (const [lineItemId, quantity] of wanted) {
    const held = live.flatMap((a) => a.lines).filter((l) => l.lineItemId === lineItemId);
    let excess = held.reduce((n, l) => n + l.quantity, 0) - quantity;
    for (const a of released) {
      if (excess <= 0) break;
      const lines = changed.get(a.id) ?? a.lines;
      const free = subtractLines(lines, a.shipped ?? [])
        .filter((l) => l.lineItemId === lineItemId)
        .reduce((n, l) => n + l.quantity, 0);
      const take = Math.min(excess, free);
      if (!take) continue;
      changed.set(a.id, subtractLines(lines, [{ lineItemId, sku: held[0]!.sku, quantity: take }]));
      excess -= take;
    }
    if (excess > 0) left.push({ lineItemId, sku: held[0]?.sku ?? lineItemId, quantity: excess });
  }
  return { changed, left };
}
