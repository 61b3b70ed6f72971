import type { Client } from '@temporalio/client';
import { OPS_ACTION_HELP } from '../order/ops';
import type { EditArgs } from '../order/contract';
import { OPS_ACTIONS, STAGES, type OpsAction, type OrderStatus, type Stage } from '../order/types';
import { listOrders, resolveOrderRef } from './orders';
import { OrderInbox, OrderInboxError } from '../orders/inbox';
import type { OrderFilters } from './visibility';
import { ReturnInbox } from '../returns/inbox';
import type { ReturnRequestInput } from '../returns/contract';

/**
 * `npm run ops -- <command>`: the ops surface for people who prefer a terminal.
 * Talks to Temporal directly (visibility for lists, the `status` query, the
 * workflow's Updates for actions), so it needs no gateway and no token.
 */

export const USAGE = `usage: npm run ops -- <command> [options]

  list [--attention] [--stage S] [--location NAME] [--partner ID] [--name #1001] [--all] [--limit N] [--json]
        orders by visibility query (open orders unless --all)
  show <order> [--json]          stage, what it waits for, allocations, payment, recent timeline
${OPS_ACTIONS.map((a) => `  ${a.padEnd(8)}<order>${a === 'reroute' ? ' [--to LOCATION] [--exclude A,B] [--allocation ID]' : a === 'hold' || a === 'cancel' ? ' [--reason TEXT]' : ''} [--by NAME] [--note TEXT]\n        ${OPS_ACTION_HELP[a].what}`).join('\n')}

  edit    <order> [--set LINE=N,...] [--add SKU=N,...] [--substitute LINE:SKU[=N],...] [--by NAME] [--note TEXT]
        change the order while partners decide (LINE: a SKU on the order or a line item id); only changed lines are rerouted

  return  <order> --lines SKU=N,... [--exchange SKU=N,...] [--reason REASON] [--note TEXT] [--in-store LOCATION_GID] [--request ID] [--by NAME]
        create a return in Shopify (a call-centre return) and start its workflow; the same --request (default: the
        order and lines) answers the first return again. REASON: Shopify's ReturnReason (DEFECTIVE, SIZE_TOO_SMALL, ...);
        --exchange: replacements (an exchange), reserved at once and shipped by policy

<order> is a workflow id (order-...), an order name (#1001) or a numeric Shopify order id.
Options everywhere: --shop DOMAIN (default: SHOPIFY_SHOP's domain, or the simulator's demo shop).
Settings: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY / TEMPORAL_TLS_CERT + TEMPORAL_TLS_KEY; TEMPORAL_UI_URL for links.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedCommand {
  command: 'list' | 'show' | 'edit' | 'return' | OpsAction;
  order?: string;
  flags: Record<string, string | true>;
}

const VALUE_FLAGS = new Set([
  'stage',
  'location',
  'partner',
  'name',
  'limit',
  'shop',
  'to',
  'exclude',
  'allocation',
  'reason',
  'by',
  'note',
  'set',
  'add',
  'substitute',
  'exchange',
  'lines',
  'request',
  'in-store',
]);
const BOOLEAN_FLAGS = new Set(['attention', 'all', 'json']);

export function parseCommand(argv: string[]): ParsedCommand {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') throw new UsageError(USAGE);
  if (
    command !== 'list' &&
    command !== 'show' &&
    command !== 'edit' &&
    command !== 'return' &&
    !OPS_ACTIONS.includes(command as OpsAction)
  )
    throw new UsageError(`unknown command ${command}\n\n${USAGE}`);
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (BOOLEAN_FLAGS.has(key)) flags[key] = true;
    else if (VALUE_FLAGS.has(key)) {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') throw new UsageError(`--${key} needs a value`);
      flags[key] = value;
    } else throw new UsageError(`unknown option --${key}\n\n${USAGE}`);
  }
  if (command === 'list') {
    if (positional.length) throw new UsageError(`list takes no order, got ${positional.join(' ')}`);
    if (flags.stage && !STAGES.includes(flags.stage as Stage))
      throw new UsageError(`--stage must be one of ${STAGES.join(', ')}`);
    return { command, flags };
  }
  if (positional.length !== 1) throw new UsageError(`${command} takes exactly one <order>\n\n${USAGE}`);
  return { command: command as ParsedCommand['command'], order: positional[0], flags };
}

/** The JSON arguments of an action from its flags. */
export function actionArgs(action: OpsAction, flags: ParsedCommand['flags']): Record<string, unknown> {
  const s = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const args: Record<string, unknown> = {};
  if (s('by')) args.by = s('by');
  if (s('note')) args.note = s('note');
  if ((action === 'hold' || action === 'cancel') && s('reason')) args.reason = s('reason');
  if (action === 'reroute') {
    if (s('to')) args.toLocation = s('to');
    if (s('allocation')) args.allocationId = s('allocation');
    if (s('exclude'))
      args.exclude = s('exclude')!
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
  }
  return args;
}

/** An edit's JSON arguments from --set TEE=3,MUG=0 --add CAP=2 --substitute TEE:TEE-WHT=1. */
export function editArgs(flags: ParsedCommand['flags']): EditArgs {
  const list = (k: string) =>
    typeof flags[k] === 'string'
      ? (flags[k] as string)
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [];
  const count = (flag: string, item: string, raw: string | undefined) => {
    const n = Number(raw);
    if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError(`--${flag} ${item}: give a whole number after =`);
    return n;
  };
  const args: EditArgs = {};
  const set = list('set').map((x) => {
    const [line, n] = x.split(/=(.*)/s, 2) as [string, string | undefined];
    return { line, quantity: count('set', x, n) };
  });
  const add = list('add').map((x) => {
    const [sku, n] = x.split(/=(.*)/s, 2) as [string, string | undefined];
    return { sku, quantity: count('add', x, n) };
  });
  const substitute = list('substitute').map((x) => {
    const m = /^([^:]+):([^=]+)(?:=(.*))?$/.exec(x);
    if (!m) throw new UsageError(`--substitute ${x}: write LINE:SKU or LINE:SKU=N`);
    return { line: m[1]!, sku: m[2]!, ...(m[3] !== undefined ? { quantity: count('substitute', x, m[3]) } : {}) };
  });
  if (set.length) args.set = set;
  if (add.length) args.add = add;
  if (substitute.length) args.substitute = substitute;
  if (!set.length && !add.length && !substitute.length) throw new UsageError('edit needs --set, --add or --substitute');
  if (typeof flags.by === 'string') args.by = flags.by;
  if (typeof flags.note === 'string') args.note = flags.note;
  return args;
}

export function filtersFrom(flags: ParsedCommand['flags'], shop: string | undefined): OrderFilters {
  const s = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  return {
    ...(shop ? { shop } : {}),
    ...(flags.attention ? { attention: true } : {}),
    ...(flags.all ? {} : { open: true }),
    ...(s('stage') ? { stage: s('stage') as Stage } : {}),
    ...(s('location') ? { location: s('location') } : {}),
    ...(s('partner') ? { partner: s('partner') } : {}),
    ...(s('name') ? { name: s('name') } : {}),
  };
}

/** The status as a terminal page. */
export function formatStatus(st: OrderStatus, uiUrl: string): string {
  const out = [`${st.orderName ?? st.orderId}  ${st.shopDomain}  stage ${st.stage}`, `  ${uiUrl}`];
  if (st.attention) {
    out.push(`  NEEDS ATTENTION since ${st.attention.since}: ${st.attention.reason}`);
    for (const a of st.attention.actions) out.push(`    ${a.padEnd(8)} ${OPS_ACTION_HELP[a].what}`);
  } else if (st.waiting)
    out.push(
      `  waiting for ${st.waiting.what} since ${st.waiting.since}${st.waiting.until ? ` (until ${st.waiting.until})` : ''}`,
    );
  if (st.opsHold) out.push(`  ON HOLD by ${st.opsHold.by} since ${st.opsHold.since}: ${st.opsHold.reason}`);
  for (const a of st.allocations) {
    const lines = a.lines.map((l) => `${l.quantity} x ${l.sku}`).join(', ');
    out.push(
      `  ${a.id.padEnd(16)} ${a.locationName.padEnd(18)} ${a.state.padEnd(18)} ${lines}${a.rejectionReason ? `  (${a.rejectionReason})` : ''}${a.tracking ? `  ${a.tracking.number}` : ''}`,
    );
  }
  const p = st.payment;
  out.push(
    `  payment ${p.status}: authorized ${p.authorized}, captured ${p.captured}, refunded ${p.refunded} ${p.currencyCode ?? ''}`,
  );
  out.push('  recent:');
  for (const t of st.timeline.slice(-8)) out.push(`    ${t.at}  ${t.event}`);
  return out.join('\n');
}

/** A return request from --lines TEE=1,MUG=2 (and --exchange, --reason, --note, --in-store, --request, --by). */
export function returnRequest(shopDomain: string, orderId: string, flags: ParsedCommand['flags']): ReturnRequestInput {
  const s = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const raw = s('lines');
  if (!raw) throw new UsageError('return needs --lines SKU=N,...');
  const skuCounts = (flag: string, text: string) =>
    text.split(',').map((item) => {
      const m = /^\s*([^=\s]+)=(\d+)\s*$/.exec(item);
      if (!m || Number(m[2]) < 1) throw new UsageError(`--${flag} ${item}: write SKU=N with N at least 1`);
      return { sku: m[1]!, quantity: Number(m[2]) };
    });
  const lines = skuCounts('lines', raw).map((l) => ({
    ...l,
    ...(s('reason') ? { reason: s('reason') } : {}),
    ...(s('note') ? { note: s('note') } : {}),
  }));
  const exchanges = s('exchange') ? skuCounts('exchange', s('exchange')!) : [];
  const inStore = s('in-store');
  if (inStore && !/^gid:\/\/shopify\/Location\/\d+$/.test(inStore))
    throw new UsageError('--in-store must be a Location GID (gid://shopify/Location/...)');
  const request =
    s('request') ??
    `cli-${orderId}-${[...lines, ...exchanges.map((x) => ({ ...x, sku: `for-${x.sku}` }))].map((l) => `${l.sku}x${l.quantity}`).join('-')}`.replace(
      /[^A-Za-z0-9._:-]/g,
      '_',
    );
  return {
    shopDomain,
    requestId: request.slice(0, 128),
    orderId,
    lines,
    ...(exchanges.length ? { exchanges } : {}),
    ...(inStore ? { inStoreLocationId: inStore } : {}),
    ...(s('by') ? { by: s('by') } : {}),
  };
}

export interface CliContext {
  client: Client;
  /** The engine's task queue (TEMPORAL_TASK_QUEUE), where `return` starts its request. */
  taskQueue?: string;
  shop?: string;
  uiUrl: string;
  namespace: string;
  print: (line: string) => void;
}

export async function runCommand(cmd: ParsedCommand, ctx: CliContext): Promise<void> {
  const shop = typeof cmd.flags.shop === 'string' ? cmd.flags.shop : ctx.shop;
  const json = !!cmd.flags.json;
  if (cmd.command === 'list') {
    const limit = typeof cmd.flags.limit === 'string' ? Number(cmd.flags.limit) : 50;
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const orders = await listOrders(ctx.client, filtersFrom(cmd.flags, shop), limit);
    if (json) return ctx.print(JSON.stringify(orders, null, 2));
    if (!orders.length) return ctx.print('no orders match');
    for (const o of orders) {
      const flag = o.needsAttention ? 'ATTENTION' : '';
      ctx.print(
        `${(o.orderName ?? '?').padEnd(8)} ${(o.stage ?? '?').padEnd(20)} ${flag.padEnd(9)} ${o.status.padEnd(10)} ${o.locations.join(', ').padEnd(28)} ${o.workflowId}`,
      );
    }
    return;
  }
  const workflowId = await resolveOrderRef(ctx.client, cmd.order!, shop);
  const link = `${ctx.uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ctx.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  if (cmd.command === 'show') {
    const st = await new OrderInbox(ctx.client).status(workflowId);
    return ctx.print(json ? JSON.stringify(st, null, 2) : formatStatus(st, link));
  }
  if (cmd.command === 'return') {
    const orderId = /-(\d+)$/.exec(workflowId)?.[1];
    const shopDomain = workflowId.slice('order-'.length, workflowId.length - (orderId?.length ?? 0) - 1);
    if (!orderId) throw new UsageError(`cannot read the order id from ${workflowId}`);
    const out = await new ReturnInbox(ctx.client).request(
      returnRequest(shopDomain, orderId, cmd.flags),
      ctx.taskQueue ?? 'order-orchestrator',
    );
    if (json) return ctx.print(JSON.stringify(out));
    return ctx.print(
      out.pending
        ? `return requested for ${workflowId}; Shopify has not answered yet (${out.workflowId})`
        : `return ${out.returnId} ${out.replayed || out.adopted ? 'already made' : 'created'} for ${workflowId} (${out.returnWorkflowId})`,
    );
  }
  const inbox = new OrderInbox(ctx.client);
  const outcome = await (
    cmd.command === 'edit'
      ? inbox.edit(workflowId, editArgs(cmd.flags))
      : inbox.act(workflowId, cmd.command, actionArgs(cmd.command, cmd.flags))
  ).catch((err) => {
    // Not confirmed is not refused: the Update may still run once a worker takes it.
    if (err instanceof OrderInboxError && err.retryable) {
      throw new OrderInboxError(
        err.kind,
        `${cmd.command} not confirmed for ${workflowId} (${err.message}); it may still be applied: check with show before sending it again`,
        err.code,
        undefined,
        err,
      );
    }
    throw err;
  });
  ctx.print(
    json
      ? JSON.stringify(outcome)
      : `${cmd.command} accepted for ${workflowId}: ${outcome.message} (stage ${outcome.stage})`,
  );
}
