/**
 * npm run temporal:setup — register the contract's custom search attributes
 * (src/temporal/search-attributes.ts) on a Temporal namespace through the
 * operator API: list them, add the missing ones. Idempotent; fails when one
 * exists with another type.
 *
 * Environment: TEMPORAL_ADDRESS (default 127.0.0.1:7233), TEMPORAL_NAMESPACE
 * (default 'default'), and for a secured cluster TEMPORAL_API_KEY or
 * TEMPORAL_TLS_CERT + TEMPORAL_TLS_KEY (+ TEMPORAL_TLS_SERVER_NAME).
 *
 * The dev server started by `npm start` and the tests registers them itself.
 * Temporal Cloud does not take operator-API search-attribute changes: there
 * they are added with tcld or in the Cloud UI (printed below when refused).
 */
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../src/temporal/search-attributes';
import { temporalSettingsFromEnv } from '../src/config';
import { temporalConnectionOptions } from '../src/temporal/connection';

const SDK_TYPE = { Keyword: 'KEYWORD', Bool: 'BOOL', KeywordList: 'KEYWORD_LIST' } as const;

function indexedValueType(type: keyof typeof SDK_TYPE): number {
  const v = encodeSearchAttributeIndexedValueType(SDK_TYPE[type]);
  if (v === undefined) throw new Error(`unknown search attribute type ${type}`);
  return v;
}

/** Adds the missing contract search attributes; returns the names it added. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const existing = customAttributes ?? {};
  const wrong = SEARCH_ATTRIBUTE_DEFINITIONS.filter(
    (sa) => existing[sa.name] !== undefined && existing[sa.name] !== indexedValueType(sa.type),
  );
  if (wrong.length) {
    throw new Error(
      `search attribute(s) already exist on ${namespace} with another type: ${wrong.map((w) => `${w.name} (want ${w.type})`).join(', ')}`,
    );
  }
  const missing = SEARCH_ATTRIBUTE_DEFINITIONS.filter((sa) => existing[sa.name] === undefined);
  if (missing.length) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((sa) => [sa.name, indexedValueType(sa.type)])),
    });
  }
  return missing.map((m) => m.name);
}

function cloudHint(namespace: string): string {
  const sas = SEARCH_ATTRIBUTE_DEFINITIONS.map((sa) => `--search-attribute "${sa.name}=${sa.type}"`).join(' ');
  return [
    'The server refused the operator call. On Temporal Cloud, custom search attributes are managed per namespace',
    'in the Cloud UI (Namespaces > <namespace> > Edit > Custom Search Attributes) or with tcld:',
    `  tcld namespace search-attributes add --namespace ${namespace}.<account-id> ${sas}`,
    'On a self-hosted cluster, use credentials allowed to call the OperatorService (admin role).',
  ].join('\n');
}

async function main() {
  const s = temporalSettingsFromEnv();
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporalConnectionOptions(s), connectTimeout: 10_000 });
  } catch (err) {
    console.error(`temporal:setup: cannot reach Temporal at ${s.address}: ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  try {
    const added = await registerSearchAttributes(connection, s.namespace);
    console.log(
      `temporal:setup: ${s.address} namespace ${s.namespace}: ${added.length ? `registered ${added.join(', ')}` : 'search attributes already registered'}`,
    );
  } catch (err) {
    const e = err as Error & { code?: number };
    console.error(`temporal:setup failed on ${s.address} namespace ${s.namespace}: ${e.message}`);
    // gRPC 7 PERMISSION_DENIED, 12 UNIMPLEMENTED, 16 UNAUTHENTICATED
    if (
      [7, 12, 16].includes(e.code ?? -1) ||
      /permission|denied|unimplemented|unauthori[sz]ed|not allowed/i.test(e.message)
    ) {
      console.error(cloudHint(s.namespace));
    }
    process.exitCode = 1;
  } finally {
    await connection.close();
  }
}

if (require.main === module) void main();
