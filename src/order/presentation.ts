import { isLosslessNumber } from 'lossless-json';

/**
 * What the Temporal UI shows of an order from the moment its workflow starts:
 * a one-line static summary (list and page header) and static details
 * (Markdown on the order's page), taken from the first webhook's body (Shopify's
 * REST-shaped order, parsed losslessly). Bodies of child topics (a transaction,
 * a refund) carry no order data: the summary then names the order id only.
 */

type Body = Record<string, unknown>;

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || isLosslessNumber(v)) return String(v);
  return null;
}

function record(v: unknown): Body | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : null;
}

/** Markdown cells must not break the table. */
function cell(s: string): string {
  return s.replace(/[|\n\r]/g, ' ').slice(0, 120);
}

export function orderStaticSummary(
  orderId: string,
  orderName: string | null,
  shopDomain: string,
  body: Body | null,
): string {
  const total = body ? text(body.total_price) : null;
  const currency = body ? text(body.currency) : null;
  const number = body ? text(body.order_number) : null;
  const parts = [`Order ${orderName ?? orderId}`, shopDomain];
  if (total) parts.push(`${total}${currency ? ` ${currency}` : ''}`);
  if (number && orderName !== `#${number}`) parts.push(`no. ${number}`);
  return parts.join(' · ');
}

export function orderStaticDetails(orderId: string, body: Body | null): string | undefined {
  const items = Array.isArray(body?.line_items)
    ? (body!.line_items as unknown[]).map(record).filter((x): x is Body => !!x)
    : [];
  if (!body || !items.length) return undefined;
  const out = [
    `Shopify order id ${orderId}${text(body.created_at) ? ` · placed ${text(body.created_at)}` : ''}`,
    '',
    '| qty | item | SKU |',
    '| --- | --- | --- |',
  ];
  for (const li of items.slice(0, 50))
    out.push(
      `| ${text(li.quantity) ?? '?'} | ${cell(text(li.title) ?? text(li.name) ?? '')} | ${cell(text(li.sku) ?? '')} |`,
    );
  if (items.length > 50) out.push(`| … | ${items.length - 50} more lines | |`);
  const ship = record(body.shipping_address);
  const where = ship
    ? [text(ship.city), text(ship.province_code), text(ship.country_code) ?? text(ship.country)]
        .filter(Boolean)
        .join(', ')
    : null;
  out.push('', `**Ship to** ${where || 'no shipping address'}`);
  const gateways = Array.isArray(body.payment_gateway_names)
    ? body.payment_gateway_names.map(text).filter(Boolean)
    : [];
  out.push(
    `**Payment** ${gateways.length ? gateways.join(', ') : 'unknown method'} · total ${text(body.total_price) ?? '?'} ${text(body.currency) ?? ''}`.trimEnd(),
  );
  return out.join('\n');
}
