import type { AllocationLine } from './types';

/**
 * Splitting an allocation's lines by quantities a partner reports (accepted in
 * an acknowledgment, shipped in a ship notice). Pure: the workflow calls it.
 */
export function splitLines(
  lines: AllocationLine[],
  reported: { lineItemId: string; quantity: number }[],
): { taken: AllocationLine[]; rest: AllocationLine[] } {
  const left = new Map<string, number>();
  for (const r of reported) left.set(r.lineItemId, (left.get(r.lineItemId) ?? 0) + Math.max(0, Math.floor(r.quantity)));
  const taken: AllocationLine[] = [];
  const rest: AllocationLine[] = [];
  for (const l of lines) {
    const take = Math.min(l.quantity, left.get(l.lineItemId) ?? 0);
    left.set(l.lineItemId, (left.get(l.lineItemId) ?? 0) - take);
    if (take > 0) taken.push({ ...l, quantity: take });
    if (l.quantity - take > 0) rest.push({ ...l, quantity: l.quantity - take });
  }
  return { taken, rest };
}

/** `lines` less `minus`, by line item (quantities never below zero; empty lines dropped). */
export function subtractLines(lines: AllocationLine[], minus: AllocationLine[]): AllocationLine[] {
  return splitLines(lines, minus).rest;
}

/** "2 x TEE, 1 x MUG" */
export function describeLines(lines: AllocationLine[]): string {
  return lines.map((l) => `${l.quantity} x ${l.sku}`).join(', ');
}

/** Units `reported` beyond what `lines` hold, per line item (a line item `lines` lacks counts whole, named by its id). */
export function excessOf(
  lines: AllocationLine[],
  reported: { lineItemId: string; quantity: number }[],
): AllocationLine[] {
  const held = new Map<string, number>();
  for (const l of lines) held.set(l.lineItemId, (held.get(l.lineItemId) ?? 0) + l.quantity);
  const asked = new Map<string, number>();
  for (const r of reported)
    asked.set(r.lineItemId, (asked.get(r.lineItemId) ?? 0) + Math.max(0, Math.floor(r.quantity)));
  const out: AllocationLine[] = [];
  for (const [lineItemId, quantity] of asked) {
    const over = quantity - (held.get(lineItemId) ?? 0);
    if (over > 0)
      out.push({ lineItemId, sku: lines.find((l) => l.lineItemId === lineItemId)?.sku ?? lineItemId, quantity: over });
  }
  return out;
}

/**
 * What tells one shipment of an allocation from another: its tracking number;
 * a shipment without one (an ASN with no tracking, a JSON notice without a
 * number) by the partner's message id, else by the lines it lists. Duplicate
 * deliveries share the key; two untracked partial shipments do not.
 */
export function shipmentKeyOf(n: {
  tracking: { number: string };
  messageId?: string | null;
  lines?: { lineItemId: string; quantity: number }[] | null;
}): string {
  if (n.tracking.number) return n.tracking.number;
  if (n.messageId) return `message:${n.messageId}`;
  return `lines:${(n.lines ?? []).map((l) => `${l.lineItemId}x${l.quantity}`).join(',') || 'all'}`;
}
