import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type {
  ReceiptCondition,
  ReturnAction,
  ReturnActionName,
  ReturnPolicy,
  ReturnReceipt,
  ReturnScan,
  ReturnStage,
  ReturnStatusView,
  ReturnWorkflowInput,
  ExchangeView,
} from '../../returns/contract';
import type { Destination } from '../../returns/destination';
import type { DispositionType, ReturnSnapshot } from '../../returns/snapshot';
import { fromMinor } from '../../payment/money';
import { exchangeWorkflowId } from '../../order/contract';
import { gidNumber } from '../../order/types';
import { keywordValue, NeedsAttention, OrderName, ReturnStatus } from '../../temporal/search-attributes';

/** Each condition a partner reports, as the disposition Shopify records. */
export const DISPOSITION_OF: Record<ReceiptCondition, DispositionType> = {
  sellable: 'RESTOCKED',
  damaged: 'NOT_RESTOCKED',
  needs_inspection: 'PROCESSING_REQUIRED',
  missing: 'MISSING',
};

const CONDITION_OF: Record<DispositionType, ReceiptCondition> = {
  RESTOCKED: 'sellable',
  NOT_RESTOCKED: 'damaged',
  PROCESSING_REQUIRED: 'needs_inspection',
  MISSING: 'missing',
};

type Counts = Record<ReceiptCondition, number>;
const zero = (): Counts => ({ sellable: 0, damaged: 0, needs_inspection: 0, missing: 0 });

/**
 * The return workflow's state: Shopify's return as last read, what the
 * partner has reported, what was refunded, and the inboxes the handlers fill.
 * Deterministic; the query and the Web UI read `view()`.
 */
export class ReturnState {
  stage: ReturnStage = 'reading';
  snapshot: ReturnSnapshot | null = null;
  destination: Destination | null = null;
  receiptDueAt: number | null = null;
  attentionAt: number | null = null;
  attention: ReturnStatusView['attention'] = null;
  /** Units reported per return line and condition. */
  readonly received = new Map<string, Counts>();
  readonly receiptIds: string[] = [];
  readonly refunds: ReturnStatusView['refunds'] = [];
  /** Dispositions already put back on hand in the engine's ledger. */
  readonly restocked = new Set<string>();
  readonly timeline: ReturnStatusView['timeline'] = [];
  // Inboxes filled by the handlers.
  readonly pendingReceipts: ReturnReceipt[] = [];
  readonly pendingActions: ReturnAction[] = [];
  scan: ReturnScan | null = null;
  scanned = false;
  /** A webhook said the return changed: read it again. */
  changed = false;
  refundedAll = false;
  /** This run handles exchange lines (patched 'exchange-replacements'; older runs left them to a person). */
  handlesExchanges = false;
  /** An exchange's replacement (src/workflows/returns/exchange.ts); stage null: not looked at yet. */
  readonly exchange: {
    stage: ExchangeView['stage'] | null;
    allocationIds: string[];
    /** Minor units collected from the customer for the replacement. */
    collectedMinor: string;
    collections: number;
    /** A person was asked what to do with it when the parcel never came. */
    asked: boolean;
  } = { stage: null, allocationIds: [], collectedMinor: '0', collections: 0, asked: false };
  /** The search attribute values last upserted. */
  private published = '';

  constructor(
    readonly input: ReturnWorkflowInput,
    readonly policy: ReturnPolicy,
  ) {}

  note(message: string) {
    this.timeline.push({ at: new Date().toISOString(), message });
    if (this.timeline.length > 200) this.timeline.splice(0, this.timeline.length - 200);
    this.publish();
  }

  setStage(stage: ReturnStage) {
    this.stage = stage;
    this.publish();
  }

  ask(reason: string, actions: ReturnActionName[]) {
    this.attention = { reason, since: new Date().toISOString(), actions };
    this.note(`Waiting for a person: ${reason}`);
  }

  clearAttention() {
    if (!this.attention) return;
    this.attention = null;
    this.publish();
  }

  /**
   * A new run (a reopened return, a restart by the sweep) rebuilds what was
   * received from the dispositions Shopify shows, so nothing is counted twice.
   */
  seedFromDispositions() {
    if (!this.snapshot || this.received.size) return;
    for (const line of this.snapshot.lines) {
      for (const rfo of this.snapshot.rfoLines.filter((r) => r.fulfillmentLineItemId === line.fulfillmentLineItemId))
        for (const d of rfo.dispositions) this.receivedOf(line.returnLineItemId)[CONDITION_OF[d.type]] += d.quantity;
    }
  }

  receivedOf(returnLineItemId: string): Counts {
    let c = this.received.get(returnLineItemId);
    if (!c) this.received.set(returnLineItemId, (c = zero()));
    return c;
  }

  /** Units reported for a line in any condition. */
  accountedFor(returnLineItemId: string): number {
    const c = this.received.get(returnLineItemId);
    return c ? c.sellable + c.damaged + c.needs_inspection + c.missing : 0;
  }

  /** Units that arrived (whatever their state): what an on-receipt refund pays for. */
  arrived(returnLineItemId: string): number {
    const c = this.received.get(returnLineItemId);
    return c ? c.sellable + c.damaged + c.needs_inspection : 0;
  }

  allAccountedFor(): boolean {
    return !!this.snapshot && this.snapshot.lines.every((l) => this.accountedFor(l.returnLineItemId) >= l.quantity);
  }

  refundedTotal(): string {
    return this.snapshot ? this.sumRefunds() : '0';
  }

  private sumRefunds(): string {
    // Shopify's word: every refund linked to the return, the admin's included.
    const minor = (this.snapshot?.refunds ?? []).reduce((s, r) => s + BigInt(r.amountMinor), 0n);
    return minor.toString();
  }

  view(): ReturnStatusView {
    const s = this.snapshot;
    const disposed = (rfoFli: string | null, type: DispositionType) =>
      (s?.rfoLines ?? [])
        .filter((l) => l.fulfillmentLineItemId === rfoFli)
        .flatMap((l) => l.dispositions)
        .filter((d) => d.type === type)
        .reduce((n, d) => n + d.quantity, 0);
    return {
      shopDomain: this.input.shopDomain,
      returnId: this.input.returnId,
      returnGid: this.input.returnGid,
      returnName: s?.name ?? null,
      orderGid: s?.orderGid ?? null,
      orderName: s?.orderName ?? null,
      stage: this.stage,
      shopifyStatus: s?.status ?? null,
      currency: s?.currency ?? null,
      destination: this.destination,
      tracking: s?.tracking ?? null,
      lines: (s?.lines ?? []).map((l) => ({
        returnLineItemId: l.returnLineItemId,
        lineItemId: l.lineItemId ?? '',
        sku: l.sku,
        quantity: l.quantity,
        reason: l.reason,
        received: this.arrived(l.returnLineItemId),
        restocked: disposed(l.fulfillmentLineItemId, 'RESTOCKED'),
        notRestocked: disposed(l.fulfillmentLineItemId, 'NOT_RESTOCKED'),
        processingRequired: disposed(l.fulfillmentLineItemId, 'PROCESSING_REQUIRED'),
        missing: disposed(l.fulfillmentLineItemId, 'MISSING'),
        refundedUnits: l.processedQuantity,
      })),
      receipts: [...this.receiptIds],
      refunds: [...this.refunds],
      refunded: s ? fromMinor(BigInt(this.sumRefunds()), s.currency) : '0',
      exchange: s?.exchangeLines.length ? this.exchangeView(s) : null,
      receiptDueAt: this.receiptDueAt === null ? null : new Date(this.receiptDueAt).toISOString(),
      attention: this.attention,
      timeline: [...this.timeline],
    };
  }

  private exchangeView(s: ReturnSnapshot): ExchangeView {
    const value = s.exchangeLines.reduce((n, x) => n + BigInt(x.unitPriceMinor ?? '0') * BigInt(x.quantity), 0n);
    return {
      stage: this.exchange.stage ?? 'awaiting_reservation',
      lines: s.exchangeLines.map((x) => ({
        exchangeLineItemId: x.exchangeLineItemId,
        sku: x.sku,
        quantity: x.quantity,
        released: x.processedQuantity,
      })),
      value: fromMinor(value, s.currency),
      collected: fromMinor(BigInt(this.exchange.collectedMinor), s.currency),
      allocationIds: [...this.exchange.allocationIds],
      workflowId: exchangeWorkflowId(this.input.shopDomain, gidNumber(s.orderGid), this.input.returnId),
    };
  }

  /** Search attributes and the Web UI's current details follow every change. */
  publish() {
    // Upserted only when a value changes: each upsert is an event in the history and a Temporal action.
    const orderName = this.snapshot ? keywordValue(this.snapshot.orderName) : null;
    const key = `${this.stage}|${!!this.attention}|${orderName ?? ''}`;
    if (key !== this.published) {
      this.published = key;
      upsertSearchAttributes([
        { key: ReturnStatus, value: this.stage },
        { key: NeedsAttention, value: !!this.attention },
        ...(orderName ? [{ key: OrderName, value: orderName }] : []),
      ]);
    }
    const v = this.view();
    setCurrentDetails(
      [
        `**Return ${v.returnName ?? v.returnId}** of order ${v.orderName ?? '?'}: ${v.stage}`,
        v.attention ? `**Needs attention:** ${v.attention.reason} (actions: ${v.attention.actions.join(', ')})` : '',
        v.destination ? `Back to ${v.destination.locationName} (${v.destination.reason})` : '',
        ...v.lines.map(
          (l) =>
            `- ${l.sku ?? l.lineItemId} \u00d7${l.quantity}: received ${l.received}, restocked ${l.restocked}, refunded units ${l.refundedUnits}`,
        ),
        v.exchange
          ? `Exchange: ${v.exchange.lines.map((l) => `${l.sku ?? '?'} \u00d7${l.quantity}`).join(', ')} (${v.exchange.stage}, worth ${v.exchange.value}, collected ${v.exchange.collected})`
          : '',
        `Refunded ${v.refunded} ${v.currency ?? ''}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
}
