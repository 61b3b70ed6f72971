/**
 * npm run ops -- <command>: list, show and steer orders from a terminal.
 * See src/ops/cli.ts (usage: npm run ops -- help).
 */
import { connectClient } from '../src/temporal/connection';
import { parseCommand, runCommand, UsageError } from '../src/ops/cli';
import { OrderRefError } from '../src/ops/orders';
import { OrderInboxError } from '../src/orders/inbox';
import { FilterError } from '../src/ops/visibility';
import { DEMO_SHOP } from '../src/simulator/seed';

function shopDomain(env: NodeJS.ProcessEnv): string {
  const s = env.SHOPIFY_SHOP?.trim();
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
  const env = process.env;
  const namespace = env.TEMPORAL_NAMESPACE ?? 'default';
  const client = await connectClient({
    address: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace,
    apiKey: env.TEMPORAL_API_KEY,
    tlsCertPath: env.TEMPORAL_TLS_CERT,
    tlsKeyPath: env.TEMPORAL_TLS_KEY,
    tlsServerName: env.TEMPORAL_TLS_SERVER_NAME,
  });
  try {
    await runCommand(cmd, { client, namespace, shop: shopDomain(env), uiUrl: env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233', print: (l) => console.log(l) });
  } catch (err) {
    const known = err instanceof UsageError || err instanceof OrderRefError || err instanceof OrderInboxError || err instanceof FilterError;
    console.error(known ? (err as Error).message : err);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  } finally {
    await client.connection.close();
  }
}

void main();
