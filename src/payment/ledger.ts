import type { PaymentTransaction, PaymentView } from '../order/types';
import { fromMinor, minBig, sumMinor, toMinor } from './money';

/**
 * Reads an order's transactions the way Shopify accounts them: what is
 * authorized and still capturable (per authorization), captured, refunded.
 * Pure, so activities and tests share one reading of the ledger.
 */
export interface AuthorizationView {
  id: string;
  amount: bigint;
  capturable: bigint;
  expiresAt: string | null;
  gateway: string | null;
  /** A successful VOID closed it (absent in views built before this existed). */
  voided?: boolean;
}

export interface Ledger {
  currency: string;
  authorizations: AuthorizationView[];
  /** Successful CAPTURE and SALE amounts. */
  captured: bigint;
  refunded: bigint;
  /** Transactions still PENDING (payment not settled). */
  pending: number;
  /** Successful captures/sales with what each can still refund. */
  refundable: { id: string; gateway: string | null; amount: bigint }[];
}

const ok = (t: PaymentTransaction) => t.status === 'SUCCESS';

export function readLedger(transactions: PaymentTransaction[], currency: string): Ledger {
  const m = (t: PaymentTransaction) => toMinor(t.amount, currency);
  const captures = transactions.filter((t) => ok(t) && (t.kind === 'CAPTURE' || t.kind === 'SALE'));
  const refunds = transactions.filter((t) => ok(t) && t.kind === 'REFUND');
  const voided = new Set(transactions.filter((t) => ok(t) && t.kind === 'VOID').map((t) => t.parentId));

  const authorizations = transactions
    .filter((t) => ok(t) && (t.kind === 'AUTHORIZATION' || t.kind === 'EMV_AUTHORIZATION'))
    .map((a) => {
      const capturedAgainst = sumMinor(captures.filter((c) => c.parentId === a.id).map(m));
      const capturable = voided.has(a.id) ? 0n : m(a) - capturedAgainst;
      return {
        id: a.id,
        amount: m(a),
        capturable: capturable > 0n ? capturable : 0n,
        expiresAt: a.authorizationExpiresAt,
        gateway: a.gateway,
        voided: voided.has(a.id),
      };
    });

  const refundable = captures.map((c) => {
    const refundedAgainst = sumMinor(refunds.filter((r) => r.parentId === c.id).map(m));
    return { id: c.id, gateway: c.gateway, amount: m(c) - refundedAgainst };
  });

  return {
    currency,
    authorizations,
    captured: sumMinor(captures.map(m)),
    refunded: sumMinor(refunds.map(m)),
    pending: transactions.filter((t) => t.status === 'PENDING').length,
    refundable: refundable.filter((r) => r.amount > 0n),
  };
}

export function capturableNow(ledger: Ledger, now: Date): bigint {
  return sumMinor(ledger.authorizations.filter((a) => !isExpired(a, now)).map((a) => a.capturable));
}

export function isExpired(a: Pick<AuthorizationView, 'expiresAt'>, now: Date): boolean {
  return a.expiresAt != null && Date.parse(a.expiresAt) <= now.getTime();
}

export type PaymentReadiness =
  | { kind: 'ready' }
  | { kind: 'pending' }
  | { kind: 'expired'; expiresAt: string }
  | { kind: 'insufficient'; covered: string; total: string };

/** Can this order's total be covered by what is captured plus what can still be captured? */
export function paymentReadiness(ledger: Ledger, total: string, now: Date): PaymentReadiness {
  const need = toMinor(total, ledger.currency);
  const covered = ledger.captured - ledger.refunded + capturableNow(ledger, now);
  if (covered >= need) return { kind: 'ready' };
  const expired = ledger.authorizations.find((a) => a.capturable > 0n && isExpired(a, now));
  if (expired) return { kind: 'expired', expiresAt: expired.expiresAt! };
  if (ledger.pending > 0 || ledger.authorizations.length === 0) return { kind: 'pending' };
  return { kind: 'insufficient', covered: fromMinor(covered, ledger.currency), total };
}

export function paymentView(ledger: Ledger, total: string, now: Date): PaymentView {
  const c = ledger.currency;
  const authorized = sumMinor(ledger.authorizations.map((a) => a.amount));
  const expires =
    ledger.authorizations
      .map((a) => a.expiresAt)
      .filter((x): x is string => !!x)
      .sort()[0] ?? null;
  const need = toMinor(total, c);
  let status: PaymentView['status'];
  if (ledger.refunded > 0n && ledger.refunded >= ledger.captured) status = 'refunded';
  else if (ledger.captured >= need && need > 0n) status = 'captured';
  else if (ledger.captured > 0n) status = 'partially_captured';
  else if (authorized > 0n && capturableNow(ledger, now) === 0n)
    status = ledger.authorizations.every((a) => a.capturable === 0n) ? 'voided' : 'expired';
  else if (authorized > 0n) status = 'authorized';
  else status = 'pending';
  return {
    status,
    currencyCode: c,
    total,
    authorized: fromMinor(authorized, c),
    captured: fromMinor(ledger.captured, c),
    refunded: fromMinor(ledger.refunded, c),
    authorizationExpiresAt: expires,
  };
}

/** How to capture `amount`: from each live authorization in turn. */
export function planCaptures(ledger: Ledger, amount: bigint, now: Date): { parentId: string; amount: bigint }[] {
  const plan: { parentId: string; amount: bigint }[] = [];
  let left = amount;
  for (const a of ledger.authorizations) {
    if (left <= 0n) break;
    if (a.capturable <= 0n || isExpired(a, now)) continue;
    const take = minBig(left, a.capturable);
    plan.push({ parentId: a.id, amount: take });
    left -= take;
  }
  return left > 0n ? [] : plan;
}

/** Why `missing` cannot be captured, authorization by authorization ("no authorization" when there is none). */
export function captureShortfall(ledger: Ledger, missing: bigint, now: Date): string {
  const c = ledger.currency;
  if (!ledger.authorizations.length) return `no authorization to capture ${fromMinor(missing, c)} ${c} from`;
  const each = ledger.authorizations.map((a) => {
    if (a.voided) return `authorization ${a.id} was voided`;
    if (a.capturable > 0n && isExpired(a, now)) return `authorization ${a.id} expired at ${a.expiresAt}`;
    if (a.capturable === 0n) return `authorization ${a.id} is fully captured or closed`;
    return `authorization ${a.id} has ${fromMinor(a.capturable, c)} ${c} left`;
  });
  return `${fromMinor(missing, c)} ${c} still to capture, but ${each.join('; ')}`;
}
