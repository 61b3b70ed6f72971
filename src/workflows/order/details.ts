import type { OrderStatus } from '../../order/types';

/**
 * The order as Markdown for the Temporal UI's "current details": what stage it
 * is in, what it waits for and how to unblock it, where it ships from, and the
 * money. Pure (workflow code calls it on every change).
 */
export function renderDetails(s: OrderStatus): string {
  const out: string[] = [`**${s.orderName ?? s.orderId}** · ${s.shopDomain} · stage \`${s.stage}\``];
  if (s.attention) {
    out.push('', `**Needs attention since ${s.attention.since}:** ${s.attention.reason}`);
    out.push(`Send one of these signals (input \`{}\`): ${s.attention.actions.map((a) => `\`${a}\``).join(', ')}`);
  }
  if (s.allocations.length) {
    out.push('', '| allocation | location | partner | lines | state | capture | tracking |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const a of s.allocations) {
      const lines = a.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ');
      const state = a.rejectionReason ? `${a.state} (${a.rejectionReason})` : a.state;
      out.push(`| ${a.id} | ${a.locationName} | ${a.partnerName ?? a.partnerId ?? ''} | ${lines} | ${state} | ${a.captureAmount ?? ''}${a.captured ? ' ✓' : ''} | ${a.tracking?.number ?? ''} |`);
    }
  }
  const p = s.payment;
  out.push('', `**Payment** ${p.status}: authorized ${p.authorized}, captured ${p.captured}, refunded ${p.refunded} ${p.currencyCode ?? ''}${p.authorizationExpiresAt ? ` · authorization expires ${p.authorizationExpiresAt}` : ''}`);
  if (s.holds.length) out.push(`**Holds** ${s.holds.map((h) => `\`${h.handle}\` on ${h.fulfillmentOrderId.split('/').pop()}`).join(', ')}`);
  if (s.cancelReason) out.push(`**Cancel requested:** ${s.cancelReason}`);
  return out.join('\n');
}
