import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import type { CurrencyCode } from '../shopify/generated/admin.types';
import { mapTransactions } from '../shopify/order-mapper';
import { readLedger } from '../payment/ledger';
import { fromMinor } from '../payment/money';
import { applyAdjustments } from '../inventory/ledger';
import { markSkusChanged } from '../inventory/sync-settings';
import { getPartner } from '../partner/repository';
import { postSigned } from '../partner/outbound';
import { FailureType } from '../order/failure-types';
import { chooseDestination, type Destination, type DestinationQuestion } from '../returns/destination';
import type { DispositionType, ReturnSnapshot } from '../returns/snapshot';
import { RETURN_WORKFLOW_TYPE, shopOfReturnWorkflowId, type ReturnStage } from '../returns/contract';
import { recordReverseFulfillmentOrders } from '../returns/reverse-fulfillment-orders';
import { readReturnForRefund, readReturnSnapshot } from './return-read';

const numericId = (gid: string) => gid.split('/').pop()!.split('?')[0]!;

/** The shop of the return workflow this activity runs for (null: called from elsewhere). */
function returnWorkflowShop(returnId: string): string | null {
  let info;
  try {
    info = Context.current().info;
  } catch {
    return null; // not in an activity (a direct call)
  }
  if (info.workflowType !== RETURN_WORKFLOW_TYPE) return null;
  const workflowId = info.workflowExecution?.workflowId;
  return workflowId ? shopOfReturnWorkflowId(workflowId, returnId) : null;
}

/**
 * What the return workflow does outside itself. Each activity reads Shopify
 * before it writes, so a retry after a lost response finds the work done:
 * decisions check the return's status, dispositions aim at a cumulative
 * quantity per line and type, a refund carries its key in its note (and as
 * @idempotent key), and restocks are keyed by Shopify's disposition id.
 */
export function returnActivities(pool: Pool, shopify: ShopifyAdmin) {
  /** The return's status alone (null: Shopify has no such return). */
  async function statusOf(returnGid: string): Promise<string> {
    const data = await shopify.request('ReturnStatus', D.RETURN_STATUS, { id: returnGid });
    if (!data.return)
      throw ApplicationFailure.nonRetryable(`Return ${returnGid} not found in Shopify`, FailureType.OrderNotFound);
    return data.return.status;
  }

  return {
    /**
     * The return as Shopify has it now (null: Shopify has no such return).
     * Its reverse fulfillment orders are recorded as the return's (once
     * each), so a reverse_fulfillment_orders/dispose webhook finds it.
     */
    async readReturn(returnGid: string): Promise<ReturnSnapshot | null> {
      const snapshot = await readReturnSnapshot(shopify, returnGid);
      const returnId = numericId(returnGid);
      const shopDomain = returnWorkflowShop(returnId);
      if (snapshot && shopDomain) {
        const rfos = [...new Set(snapshot.rfoLines.map((l) => numericId(l.reverseFulfillmentOrderId)))];
        await recordReverseFulfillmentOrders(pool, shopDomain, returnId, rfos);
      }
      return snapshot;
    },

    /** Approve or decline a requested return; nothing to do when it is no longer requested. */
    async decideReturnRequest(input: {
      returnGid: string;
      decision: 'approve' | 'decline';
      declineReason?: 'FINAL_SALE' | 'RETURN_PERIOD_ENDED' | 'OTHER';
      note?: string | null;
    }): Promise<{ status: string }> {
      const status = await statusOf(input.returnGid);
      if (status !== 'REQUESTED') return { status };
      if (input.decision === 'approve') {
        const data = await shopify.mutate('ReturnApproveRequest', 'returnApproveRequest', D.RETURN_APPROVE_REQUEST, {
          input: { id: input.returnGid, notifyCustomer: true },
        });
        return { status: data.returnApproveRequest?.return?.status ?? 'OPEN' };
      }
      const data = await shopify.mutate('ReturnDeclineRequest', 'returnDeclineRequest', D.RETURN_DECLINE_REQUEST, {
        input: {
          id: input.returnGid,
          declineReason: input.declineReason ?? 'OTHER',
          declineNote: input.note ?? null,
          notifyCustomer: true,
        },
      });
      return { status: data.returnDeclineRequest?.return?.status ?? 'DECLINED' };
    },

    /** Where the parcel goes (src/returns/destination.ts over the shop's locations). */
    async chooseReturnDestination(input: {
      shopDomain: string;
      question: DestinationQuestion;
    }): Promise<Destination | null> {
      const { rows } = await pool.query(
        `SELECT id, name, partner_id, active, accepts_returns, latitude, longitude FROM locations WHERE shop_domain = $1`,
        [input.shopDomain],
      );
      return chooseDestination(
        input.question,
        rows.map((l) => ({
          locationId: l.id,
          name: l.name,
          partnerId: l.partner_id,
          active: l.active,
          acceptsReturns: l.accepts_returns,
          latitude: l.latitude,
          longitude: l.longitude,
        })),
      );
    },

    /** Tell the destination's partner what to expect (signed JSON `return.expected`); partners without a URL are told nothing. */
    async tellReturnPartner(input: {
      partnerId: string;
      returnGid: string;
      returnName: string | null;
      orderName: string | null;
      locationId: string;
      lines: { returnLineItemId: string; sku: string | null; quantity: number; reason: string }[];
      tracking: { number: string | null; url: string | null; carrier: string | null } | null;
      receiptDueAt: string | null;
    }): Promise<{ sent: boolean }> {
      const partner = await getPartner(pool, input.partnerId);
      if (!partner?.outboundUrl) return { sent: false };
      try {
        await postSigned(
          partner.outboundUrl,
          {
            type: 'return.expected',
            returnId: input.returnGid,
            returnName: input.returnName,
            orderName: input.orderName,
            locationId: input.locationId,
            lines: input.lines,
            tracking: input.tracking,
            receiptDueAt: input.receiptDueAt,
          },
          { secret: partner.outboundSecret, idempotencyKey: `return.expected:${input.returnGid}` },
        );
      } catch (err) {
        if ((err as { permanent?: boolean }).permanent)
          throw ApplicationFailure.nonRetryable((err as Error).message, FailureType.PartnerUnreachable);
        throw err;
      }
      return { sent: true };
    },

    /**
     * Bring each reverse fulfillment order line's disposed units of a type up
     * to `cumulative` (what every receipt so far says). Read first: a retry
     * after a lost response disposes nothing more.
     */
    async disposeReturnUnits(input: {
      returnGid: string;
      targets: { rfoLineId: string; type: DispositionType; locationId: string | null; cumulative: number }[];
    }): Promise<{ disposed: number }> {
      // Only the lines aimed at, and only their dispositions.
      const ids = [...new Set(input.targets.map((t) => t.rfoLineId))];
      const data = await shopify.request('ReverseFulfillmentOrderLineDispositions', D.RFO_LINE_DISPOSITIONS, { ids });
      const byLine = new Map(data.nodes.flatMap((n) => (n && 'dispositions' in n ? [[n.id, n]] : [])));
      const dispositionInputs = input.targets.flatMap((t) => {
        const line = byLine.get(t.rfoLineId);
        if (!line) return [];
        const done = line.dispositions.filter((d) => d.type === t.type).reduce((s, d) => s + d.quantity, 0);
        const missing = t.cumulative - done;
        return missing > 0
          ? [
              {
                reverseFulfillmentOrderLineItemId: t.rfoLineId,
                dispositionType: t.type,
                quantity: missing,
                ...(t.type === 'RESTOCKED' && t.locationId ? { locationId: t.locationId } : {}),
              },
            ]
          : [];
      });
      if (!dispositionInputs.length) return { disposed: 0 };
      await shopify.mutate(
        'ReverseFulfillmentOrderDispose',
        'reverseFulfillmentOrderDispose',
        D.REVERSE_FULFILLMENT_ORDER_DISPOSE,
        { dispositionInputs },
      );
      return { disposed: dispositionInputs.reduce((s, d) => s + d.quantity, 0) };
    },

    /**
     * Units Shopify shows RESTOCKED go back on hand in the engine's ledger at
     * that location, once per disposition (its id is the key), whoever
     * disposed them (the engine, or staff in the admin).
     */
    async restockReturnedUnits(input: {
      shopDomain: string;
      returnGid: string;
      items: { dispositionId: string; sku: string; locationId: string; quantity: number }[];
    }): Promise<{ applied: string[]; refused: { dispositionId: string; reason: string }[] }> {
      const applied: string[] = [];
      const refused: { dispositionId: string; reason: string }[] = [];
      for (const it of input.items) {
        const r = await applyAdjustments(pool, {
          shopDomain: input.shopDomain,
          idempotencyKey: `return-disposition:${it.dispositionId}`,
          reason: 'return_restock',
          reference: input.returnGid,
          actor: 'returns',
          lines: [{ sku: it.sku, locationId: it.locationId, kind: 'delta', quantity: it.quantity }],
        });
        if (r.ok) applied.push(it.dispositionId);
        else refused.push({ dispositionId: it.dispositionId, reason: r.message });
      }
      const skus = [...new Set(input.items.map((i) => i.sku))];
      if (skus.length) await markSkusChanged(pool, input.shopDomain, { skus });
      return { applied, refused };
    },

    /**
     * Refund the return up to `targetMinor` in all (what every refund of this
     * return, the admin's included, should add up to), and mark `process`
     * units processed. Nothing when a refund noted with this key exists or
     * the target is reached; never more than the order's captures can refund.
     */
    async refundReturn(input: {
      returnGid: string;
      key: string;
      targetMinor: string;
      /** Units of each line that should be processed once this refund is made (cumulative). */
      process: { returnLineItemId: string; quantity: number }[];
    }): Promise<{ refunded: string; capped: boolean; refundId: string | null; replayed: boolean }> {
      const r = await readReturnForRefund(shopify, input.returnGid);
      const note = `Order Orchestrator return refund ${input.key}`;
      const earlier = r.refunds.find((x) => x.note === note);
      if (earlier)
        return {
          refunded: fromMinor(BigInt(earlier.amountMinor), r.currency),
          capped: false,
          refundId: earlier.id,
          replayed: true,
        };
      const refundedSoFar = r.refunds.reduce((s, x) => s + BigInt(x.amountMinor), 0n);
      let amount = BigInt(input.targetMinor) - refundedSoFar;
      if (amount < 0n) amount = 0n;
      const tx = await shopify.request('OrderTransactions', D.ORDER_TRANSACTIONS, { id: r.orderGid });
      if (!tx.order) throw ApplicationFailure.nonRetryable(`Order ${r.orderGid} not found`, FailureType.OrderNotFound);
      const ledger = readLedger(mapTransactions(tx.order.transactions), r.currency);
      const refundable = ledger.refundable.reduce((s, x) => s + x.amount, 0n);
      const capped = amount > refundable;
      if (capped) amount = refundable;
      const orderTransactions: {
        parentId: string;
        transactionAmount: { amount: string; currencyCode: CurrencyCode };
      }[] = [];
      let left = amount;
      for (const c of ledger.refundable) {
        if (left <= 0n) break;
        const take = c.amount < left ? c.amount : left;
        orderTransactions.push({
          parentId: c.id,
          transactionAmount: { amount: fromMinor(take, r.currency), currencyCode: r.currency as CurrencyCode },
        });
        left -= take;
      }
      const lineOf = new Map(r.lines.map((l) => [l.returnLineItemId, l]));
      const returnLineItems = input.process
        .map((p) => {
          const l = lineOf.get(p.returnLineItemId);
          return { id: p.returnLineItemId, quantity: l ? Math.min(p.quantity, l.quantity) - l.processedQuantity : 0 };
        })
        .filter((p) => p.quantity > 0);
      if (!returnLineItems.length && !orderTransactions.length)
        return { refunded: '0', capped, refundId: null, replayed: false };
      await shopify.mutate('ReturnProcess', 'returnProcess', D.RETURN_PROCESS, {
        input: {
          returnId: input.returnGid,
          note,
          notifyCustomer: true,
          ...(returnLineItems.length ? { returnLineItems } : {}),
          ...(orderTransactions.length ? { financialTransfer: { issueRefund: { orderTransactions } } } : {}),
        },
        idempotencyKey: input.key,
      });
      return { refunded: fromMinor(amount, r.currency), capped, refundId: null, replayed: false };
    },

    /** Close the return in Shopify once everything is accounted for (nothing to do unless it is open). */
    async closeReturn(input: { returnGid: string }): Promise<{ status: string }> {
      const status = await statusOf(input.returnGid);
      if (status !== 'OPEN') return { status };
      const data = await shopify.mutate('ReturnClose', 'returnClose', D.RETURN_CLOSE, { id: input.returnGid });
      return { status: data.returnClose?.return?.status ?? 'CLOSED' };
    },

    /** Keep order_returns in step with the workflow (what GET /orders/{id} lists, and the receipt check). */
    async recordReturn(input: {
      shopDomain: string;
      returnId: string;
      returnGid: string;
      returnName: string | null;
      orderGid: string | null;
      orderName: string | null;
      stage: ReturnStage;
      shopifyStatus: string | null;
      locationId: string | null;
      partnerId: string | null;
      currency: string | null;
      refunded: string;
    }): Promise<void> {
      await pool.query(
        `INSERT INTO order_returns (shop_domain, return_id, return_gid, return_name, order_gid, order_name, stage, shopify_status, location_id, partner_id, currency, refunded, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
         ON CONFLICT (shop_domain, return_id) DO UPDATE SET
           return_name = EXCLUDED.return_name, order_gid = EXCLUDED.order_gid, order_name = EXCLUDED.order_name,
           stage = EXCLUDED.stage, shopify_status = EXCLUDED.shopify_status, location_id = EXCLUDED.location_id,
           partner_id = EXCLUDED.partner_id, currency = EXCLUDED.currency, refunded = EXCLUDED.refunded, updated_at = now()`,
        [
          input.shopDomain,
          input.returnId,
          input.returnGid,
          input.returnName,
          input.orderGid,
          input.orderName,
          input.stage,
          input.shopifyStatus,
          input.locationId,
          input.partnerId,
          input.currency,
          input.refunded,
        ],
      );
    },
  };
}

export type ReturnActivities = ReturnType<typeof returnActivities>;
