/**
 * npm run ops -- <command>: list, show and steer orders from a terminal.
 * See src/ops/cli.ts (usage: npm run ops -- help).
 */
import { loadSettings, TEMPORAL_KEYS, temporalSettings } from '../src/config';
import { connectClient } from '../src/temporal/connection';
import { parseCommand, runCommand, UsageError } from '../src/ops/cli';
import { OrderRefError } from '../src/ops/orders';
import { OrderInboxError } from '../src/orders/inbox';
import { FilterError } from '../src/ops/visibility';
import { DEMO_SHOP } from '../src/simulator/seed';

function shopDomain(shop: string | undefined): string {
  const s = shop?.trim();
  if (!s) return DEMO_SHOP.domain; // npm start without a store runs the simulator's demo shop
  return /^https?:\/\//.test(s) ? DEMO_SHOP.domain : s.toLowerCase();
}

async function main() {
  let cmd;
  try {
    cmd = parseCommand(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  let s;
  try {
    s = loadSettings([...TEMPORAL_KEYS, 'SHOPIFY_SHOP', 'TEMPORAL_UI_URL', 'TEMPORAL_TASK_QUEUE']);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const namespace = s.TEMPORAL_NAMESPACE;
  const client = await connectClient(temporalSettings(s));
  try {
    await runCommand(cmd, {
      client,
      namespace,
      shop: shopDomain(s.SHOPIFY_SHOP),
      uiUrl: s.TEMPORAL_UI_URL,
      taskQueue: s.TEMPORAL_TASK_QUEUE,
      print: (l) => console.log(l),
    });
  } catch (err) {
    const known =
      err instanceof UsageError ||
      err instanceof OrderRefError ||
      err instanceof OrderInboxError ||
      err instanceof FilterError;
    console.error(known ? (err as Error).message : err);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  } finally {
    await client.connection.close();
  }
}

void main();
