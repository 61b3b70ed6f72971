import { OPS_ACTION_HELP } from '../../order/ops';
import type { OpsAction, OrderStatus } from '../../order/types';

/**
 * The order as Markdown for the Temporal UI's "current details": what stage it
 * is in, what it waits for (a person, a partner, a payment) since when and
 * which signals unblock it, where it ships from, holds, and the money.
 * Pure (workflow code calls it on every change).
 */
export function renderDetails(s: OrderStatus): string {
  const out: string[] = [`**${s.orderName ?? s.orderId}** · ${s.shopDomain} · stage \`${s.stage}\``];
  if (s.attention) {
    out.push('', `**Needs attention since ${s.attention.since}:** ${s.attention.reason}`);
    out.push(`Send one of these signals (input \`{}\`): ${s.attention.actions.map((a) => `\`${a}\``).join(', ')}`);
    out.push('', ...actionHelp(s.attention.actions));
  } else if (s.waiting) {
    const until = s.waiting.until ? `, at most until ${s.waiting.until}` : '';
    out.push('', `**Waiting for** ${s.waiting.what} since ${s.waiting.since}${until}`);
    if (s.waiting.actions.length)
      out.push(`Signals that change this: ${s.waiting.actions.map((a) => `\`${a}\``).join(', ')}`);
  }
  if (s.opsHold)
    out.push(
      '',
      `**On hold** by ${s.opsHold.by} since ${s.opsHold.since}: ${s.opsHold.reason} — nothing is captured, released or shipped until \`release\``,
    );
  if (s.allocations.length) {
    out.push(
      '',
      '| allocation | location | partner | lines | state | capture | tracking |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const a of s.allocations) {
      const lines = a.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ');
      const state = a.rejectionReason ? `${a.state} (${a.rejectionReason})` : a.state;
      out.push(
        `| ${a.id} | ${a.locationName} | ${a.partnerName ?? a.partnerId ?? ''} | ${lines} | ${state} | ${a.captureAmount ?? ''}${a.captured ? ' ✓' : ''} | ${a.tracking?.number ?? ''} |`,
      );
    }
  }
  const p = s.payment;
  out.push(
    '',
    `**Payment** ${p.status}: authorized ${p.authorized}, captured ${p.captured}, refunded ${p.refunded} ${p.currencyCode ?? ''}${p.authorizationExpiresAt ? ` · authorization expires ${p.authorizationExpiresAt}` : ''}`,
  );
  if (s.holds.length)
    out.push(
      `**Holds** ${s.holds.map((h) => `\`${h.handle}\` on ${h.fulfillmentOrderId.split('/').pop()}`).join(', ')}`,
    );
  if (s.cancelReason) out.push(`**Cancel requested:** ${s.cancelReason}`);
  const r = s.cancelledRemainder;
  if (r)
    out.push(
      `**Cancelled what had not shipped** (${r.by}, ${r.at}: ${r.reason}): ${r.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ') || 'nothing left'} · refunded ${r.refunded} ${p.currencyCode ?? ''}`,
    );
  return out.join('\n');
}

function actionHelp(actions: OpsAction[]): string[] {
  return actions.map(
    (a) =>
      `- \`${a}\`: ${OPS_ACTION_HELP[a].what}${OPS_ACTION_HELP[a].input === '{}' ? '' : ` — input such as \`${OPS_ACTION_HELP[a].input}\``}`,
  );
}
