import { touch, userError, type SimContext } from './context';
import { findFulfillmentOrder } from './mutations-fulfillment';
import {
  nowIso,
  type Shop,
  type SimFulfillmentOrder,
  type SimFulfillmentService,
  type SimMerchantRequest,
  type SimOrder,
  type SimStore,
} from './store';
import { fulfillmentOrderView, fulfillmentServiceOf, fulfillmentServiceView } from './views';
import {
  cancellationRequestSubmittedBody,
  fulfillmentRequestSubmittedBody,
  fulfillmentServiceResponseBody,
} from './webhook-bodies';

/**
 * Fulfillment services (3PLs). A fulfillment order assigned to a fulfillment
 * service's location goes through requests, as in Shopify:
 *
 *   merchant app                         fulfillment service app
 *   submit fulfillment request  ──▶  UNSUBMITTED|REJECTED → SUBMITTED (status OPEN)
 *                               ◀──  accept: ACCEPTED, status IN_PROGRESS (then fulfillmentCreate)
 *                               ◀──  reject: REJECTED, status stays OPEN
 *   submit cancellation request ──▶  ACCEPTED|CANCELLATION_REJECTED → CANCELLATION_REQUESTED
 *                               ◀──  accept: CANCELLATION_ACCEPTED, status CANCELLED
 *                                    (the unfulfilled rest goes to a new OPEN fulfillment order)
 *                               ◀──  reject: CANCELLATION_REJECTED, status stays IN_PROGRESS
 *
 * Every step sends its fulfillment_orders/* webhook. The simulator has one app
 * per shop, so the same token may act as the merchant app and as the 3PL.
 */

export function handleize(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'fulfillment-service'
  );
}

/** A fulfillment service and the location Shopify creates for it. */
export function createFulfillmentService(
  store: SimStore,
  shop: Shop,
  init: {
    serviceName: string;
    handle?: string;
    callbackUrl?: string | null;
    inventoryManagement?: boolean;
    trackingSupport?: boolean;
    requiresShippingMethod?: boolean;
    location?: { name?: string; address?: Shop['locations'][number]['address']; fulfillsOnlineOrders?: boolean };
  },
): SimFulfillmentService {
  const locationGid = store.gid('Location');
  const service: SimFulfillmentService = {
    gid: `gid://shopify/FulfillmentService/${store.id()}?id=true`,
    handle: init.handle ?? handleize(init.serviceName),
    serviceName: init.serviceName,
    callbackUrl: init.callbackUrl ?? null,
    inventoryManagement: init.inventoryManagement ?? false,
    trackingSupport: init.trackingSupport ?? false,
    requiresShippingMethod: init.requiresShippingMethod ?? true,
    locationGid,
  };
  shop.locations.push({
    gid: locationGid,
    name: init.location?.name ?? init.serviceName,
    isActive: true,
    fulfillsOnlineOrders: init.location?.fulfillsOnlineOrders ?? true,
    address: init.location?.address ?? {},
    fulfillmentServiceGid: service.gid,
  });
  (shop.fulfillmentServices ??= []).push(service);
  return service;
}

type Found = { order: SimOrder; fo: SimFulfillmentOrder };
type Check = { field: string[]; message: string } | null;

/** The fulfillment order, or why it cannot take part in a request. */
function locate(ctx: SimContext, id: string): Found | { field: string[]; message: string } {
  const found = findFulfillmentOrder(ctx, id);
  if (!found) return { field: ['id'], message: 'Fulfillment order does not exist.' };
  if (!fulfillmentServiceOf(ctx.shop, found.fo.locationGid))
    return { field: ['id'], message: 'Fulfillment order is not assigned to a fulfillment service location.' };
  return found;
}

function addRequest(
  ctx: SimContext,
  fo: SimFulfillmentOrder,
  kind: SimMerchantRequest['kind'],
  message: string | null | undefined,
  requestOptions: Record<string, unknown> | null,
): SimMerchantRequest {
  const request: SimMerchantRequest = {
    gid: ctx.store.gid('FulfillmentOrderMerchantRequest'),
    kind,
    message: message ?? null,
    requestOptions,
    sentAt: nowIso(),
  };
  (fo.merchantRequests ??= []).push(request);
  return request;
}

const requestState = (fo: SimFulfillmentOrder) => `status ${fo.status} and request status ${fo.requestStatus}`;

function lineItemsCheck(fo: SimFulfillmentOrder, requested: { id: string; quantity: number }[]): Check {
  const seen = new Set<string>();
  for (const [i, r] of requested.entries()) {
    const line = fo.lines.find((l) => l.gid === r.id);
    if (!line)
      return {
        field: ['fulfillmentOrderLineItems', String(i), 'id'],
        message: `Fulfillment order line item ${r.id} does not belong to this fulfillment order.`,
      };
    if (seen.has(r.id))
      return {
        field: ['fulfillmentOrderLineItems', String(i), 'id'],
        message: `Fulfillment order line item ${r.id} is requested more than once.`,
      };
    seen.add(r.id);
    if (r.quantity <= 0 || r.quantity > line.remainingQuantity)
      return {
        field: ['fulfillmentOrderLineItems', String(i), 'quantity'],
        message: `Quantity ${r.quantity} is invalid: ${line.remainingQuantity} remain to fulfill.`,
      };
  }
  return null;
}

export const fulfillmentServiceMutations = {
  fulfillmentServiceCreate(
    args: {
      name: string;
      callbackUrl?: string | null;
      inventoryManagement?: boolean | null;
      trackingSupport?: boolean | null;
      requiresShippingMethod?: boolean | null;
    },
    ctx: SimContext,
  ) {
    const fail = (field: string[], message: string) => ({
      fulfillmentService: null,
      userErrors: [userError(field, message)],
    });
    const name = args.name.trim();
    if (!name) return fail(['name'], "Name can't be blank");
    if ((ctx.shop.fulfillmentServices ?? []).some((f) => f.serviceName === name || f.handle === handleize(name)))
      return fail(['name'], 'Name has already been taken');
    if (args.callbackUrl && !/^https?:\/\/[^\s]+$/.test(args.callbackUrl))
      return fail(['callbackUrl'], 'Callback url is invalid');
    const service = createFulfillmentService(ctx.store, ctx.shop, {
      serviceName: name,
      callbackUrl: args.callbackUrl ?? null,
      inventoryManagement: args.inventoryManagement ?? false,
      trackingSupport: args.trackingSupport ?? false,
      requiresShippingMethod: args.requiresShippingMethod ?? true,
    });
    return { fulfillmentService: fulfillmentServiceView(ctx.shop, service), userErrors: [] };
  },

  fulfillmentOrderSubmitFulfillmentRequest(
    args: {
      id: string;
      message?: string | null;
      notifyCustomer?: boolean | null;
      fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
    },
    ctx: SimContext,
  ) {
    const fail = (field: string[], message: string) => ({
      originalFulfillmentOrder: null,
      submittedFulfillmentOrder: null,
      unsubmittedFulfillmentOrder: null,
      userErrors: [userError(field, message)],
    });
    const found = locate(ctx, args.id);
    if (!('fo' in found)) return fail(found.field, found.message);
    const { order, fo } = found;
    if (fo.status === 'ON_HOLD')
      return fail(['id'], 'Fulfillment order is on hold. Release the holds before requesting fulfillment.');
    if (fo.status !== 'OPEN' || !['UNSUBMITTED', 'REJECTED'].includes(fo.requestStatus))
      return fail(['id'], `Cannot request fulfillment for a fulfillment order with ${requestState(fo)}.`);
    const requested = args.fulfillmentOrderLineItems?.length
      ? args.fulfillmentOrderLineItems
      : fo.lines.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.gid, quantity: l.remainingQuantity }));
    if (!requested.length) return fail(['id'], 'Fulfillment order has no line items left to fulfill.');
    const bad = lineItemsCheck(fo, requested);
    if (bad) return fail(bad.field, bad.message);

    // A partial request: the fulfillment order keeps the requested quantities and is
    // submitted; what was not requested splits off into a new, unsubmitted one.
    let unsubmitted: SimFulfillmentOrder | null = null;
    const rest = fo.lines
      .map((l) => ({ line: l, quantity: l.remainingQuantity - (requested.find((r) => r.id === l.gid)?.quantity ?? 0) }))
      .filter((x) => x.quantity > 0);
    if (rest.length) {
      unsubmitted = {
        gid: ctx.store.gid('FulfillmentOrder'),
        status: 'OPEN',
        requestStatus: 'UNSUBMITTED',
        locationGid: fo.locationGid,
        holds: [],
        createdAt: nowIso(),
        fulfillBy: fo.fulfillBy ?? null,
        lines: rest.map(({ line, quantity }) => {
          line.totalQuantity -= quantity;
          line.remainingQuantity -= quantity;
          return {
            gid: ctx.store.gid('FulfillmentOrderLineItem'),
            lineItemGid: line.lineItemGid,
            totalQuantity: quantity,
            remainingQuantity: quantity,
          };
        }),
      };
      fo.lines = fo.lines.filter((l) => l.totalQuantity > 0);
      order.fulfillmentOrders.push(unsubmitted); // same location: the committed stock stays where it is
    }
    fo.requestStatus = 'SUBMITTED';
    const request = addRequest(ctx, fo, 'FULFILLMENT_REQUEST', args.message, {
      notify_customer: args.notifyCustomer ?? false,
    });
    touch(order);
    ctx.webhooks.emit(
      ctx.shop,
      'fulfillment_orders/fulfillment_request_submitted',
      fulfillmentRequestSubmittedBody(fo, fo, request),
    );
    const view = fulfillmentOrderView(ctx.shop, order, fo);
    return {
      originalFulfillmentOrder: view,
      submittedFulfillmentOrder: view,
      unsubmittedFulfillmentOrder: unsubmitted ? fulfillmentOrderView(ctx.shop, order, unsubmitted) : null,
      userErrors: [],
    };
  },

  fulfillmentOrderSubmitCancellationRequest(args: { id: string; message?: string | null }, ctx: SimContext) {
    const fail = (field: string[], message: string) => ({
      fulfillmentOrder: null,
      userErrors: [userError(field, message)],
    });
    const found = locate(ctx, args.id);
    if (!('fo' in found)) return fail(found.field, found.message);
    const { order, fo } = found;
    if (fo.requestStatus === 'CANCELLATION_REQUESTED')
      return fail(['id'], 'A cancellation request has already been sent for this fulfillment order.');
    if (fo.status !== 'IN_PROGRESS' || !['ACCEPTED', 'CANCELLATION_REJECTED'].includes(fo.requestStatus))
      return fail(['id'], `Cannot request cancellation for a fulfillment order with ${requestState(fo)}.`);
    fo.requestStatus = 'CANCELLATION_REQUESTED';
    const request = addRequest(ctx, fo, 'CANCELLATION_REQUEST', args.message, null);
    touch(order);
    ctx.webhooks.emit(
      ctx.shop,
      'fulfillment_orders/cancellation_request_submitted',
      cancellationRequestSubmittedBody(fo, request),
    );
    return { fulfillmentOrder: fulfillmentOrderView(ctx.shop, order, fo), userErrors: [] };
  },

  fulfillmentOrdersSetFulfillmentDeadline(
    args: { fulfillmentOrderIds: string[]; fulfillmentDeadline: string },
    ctx: SimContext,
  ) {
    const found = args.fulfillmentOrderIds.map((id) => findFulfillmentOrder(ctx, id));
    if (!args.fulfillmentOrderIds.length || found.some((f) => !f)) {
      return {
        success: false,
        userErrors: [
          userError(
            ['fulfillmentOrderIds'],
            'The fulfillment orders could not be found.',
            'FULFILLMENT_ORDERS_NOT_FOUND',
          ),
        ],
      };
    }
    const at = Date.parse(String(args.fulfillmentDeadline));
    if (Number.isNaN(at))
      return { success: false, userErrors: [userError(['fulfillmentDeadline'], 'Fulfillment deadline is invalid.')] };
    const deadline = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const f of found) {
      f!.fo.fulfillBy = deadline;
      touch(f!.order);
    }
    return { success: true, userErrors: [] };
  },

  // ---- the fulfillment service's side ----

  fulfillmentOrderAcceptFulfillmentRequest(
    args: { id: string; message?: string | null; estimatedShippedAt?: string | null },
    ctx: SimContext,
  ) {
    return respond(ctx, args.id, 'SUBMITTED', (fo) => {
      fo.status = 'IN_PROGRESS';
      fo.requestStatus = 'ACCEPTED';
      fo.lastResponse = {
        kind: 'FULFILLMENT_REQUEST_ACCEPTED',
        message: args.message ?? null,
        at: nowIso(),
        ...(args.estimatedShippedAt ? { estimatedShippedAt: args.estimatedShippedAt } : {}),
      };
      return ['fulfillment_orders/fulfillment_request_accepted', fulfillmentServiceResponseBody(fo, args.message)];
    });
  },

  fulfillmentOrderRejectFulfillmentRequest(
    args: {
      id: string;
      message?: string | null;
      reason?: string | null;
      lineItems?: { fulfillmentOrderLineItemId: string; message?: string | null }[] | null;
    },
    ctx: SimContext,
  ) {
    const found = findFulfillmentOrder(ctx, args.id);
    for (const [i, l] of (args.lineItems ?? []).entries()) {
      if (found && !found.fo.lines.some((x) => x.gid === l.fulfillmentOrderLineItemId)) {
        return {
          fulfillmentOrder: null,
          userErrors: [
            userError(
              ['lineItems', String(i), 'fulfillmentOrderLineItemId'],
              `Fulfillment order line item ${l.fulfillmentOrderLineItemId} does not belong to this fulfillment order.`,
            ),
          ],
        };
      }
    }
    return respond(ctx, args.id, 'SUBMITTED', (fo) => {
      fo.requestStatus = 'REJECTED'; // the status stays OPEN: the merchant can move it, or request again
      fo.lastResponse = {
        kind: 'FULFILLMENT_REQUEST_REJECTED',
        message: args.message ?? null,
        reason: args.reason ?? null,
        lineItems: args.lineItems ?? null,
        at: nowIso(),
      };
      return ['fulfillment_orders/fulfillment_request_rejected', fulfillmentServiceResponseBody(fo, args.message)];
    });
  },

  fulfillmentOrderAcceptCancellationRequest(args: { id: string; message?: string | null }, ctx: SimContext) {
    return respond(
      ctx,
      args.id,
      'CANCELLATION_REQUESTED',
      (fo, order) => {
        // The work left to do goes to a new OPEN fulfillment order at the same location
        // (its committed stock with it), as when Shopify cancels a fulfillment order.
        const rest = fo.lines.filter((l) => l.remainingQuantity > 0);
        if (rest.length) {
          order.fulfillmentOrders.push({
            gid: ctx.store.gid('FulfillmentOrder'),
            status: 'OPEN',
            requestStatus: 'UNSUBMITTED',
            locationGid: fo.locationGid,
            holds: [],
            createdAt: nowIso(),
            fulfillBy: fo.fulfillBy ?? null,
            lines: rest.map((l) => ({
              gid: ctx.store.gid('FulfillmentOrderLineItem'),
              lineItemGid: l.lineItemGid,
              totalQuantity: l.remainingQuantity,
              remainingQuantity: l.remainingQuantity,
            })),
          });
          for (const l of rest) l.remainingQuantity = 0;
        }
        fo.status = 'CANCELLED';
        fo.requestStatus = 'CANCELLATION_ACCEPTED';
        fo.lastResponse = { kind: 'CANCELLATION_REQUEST_ACCEPTED', message: args.message ?? null, at: nowIso() };
        return [
          'fulfillment_orders/cancellation_request_accepted',
          fulfillmentServiceResponseBody(fo, args.message, false),
        ];
      },
      true,
    );
  },

  fulfillmentOrderRejectCancellationRequest(args: { id: string; message?: string | null }, ctx: SimContext) {
    return respond(ctx, args.id, 'CANCELLATION_REQUESTED', (fo) => {
      fo.requestStatus = 'CANCELLATION_REJECTED'; // the status stays IN_PROGRESS
      fo.lastResponse = { kind: 'CANCELLATION_REQUEST_REJECTED', message: args.message ?? null, at: nowIso() };
      return ['fulfillment_orders/cancellation_request_rejected', fulfillmentServiceResponseBody(fo, args.message)];
    });
  },
};

/** The fulfillment service answers the pending request: checks, applies, and sends the webhook. */
function respond(
  ctx: SimContext,
  id: string,
  pending: 'SUBMITTED' | 'CANCELLATION_REQUESTED',
  apply: (fo: SimFulfillmentOrder, order: SimOrder) => [string, Record<string, unknown>],
  mustBeInProgress = false,
) {
  const fail = (field: string[], message: string) => ({
    fulfillmentOrder: null,
    userErrors: [userError(field, message)],
  });
  const found = locate(ctx, id);
  if (!('fo' in found)) return fail(found.field, found.message);
  const { order, fo } = found;
  const what = pending === 'SUBMITTED' ? 'fulfillment request' : 'cancellation request';
  if (fo.requestStatus !== pending)
    return fail(['id'], `Fulfillment order has no pending ${what} (${requestState(fo)}).`);
  if ((pending === 'SUBMITTED' && fo.status !== 'OPEN') || (mustBeInProgress && fo.status !== 'IN_PROGRESS'))
    return fail(['id'], `Cannot respond to the ${what} of a fulfillment order with ${requestState(fo)}.`);
  const [topic, body] = apply(fo, order);
  touch(order);
  ctx.webhooks.emit(ctx.shop, topic, body);
  return { fulfillmentOrder: fulfillmentOrderView(ctx.shop, order, fo), userErrors: [] };
}
