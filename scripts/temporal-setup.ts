/**
 * npm run temporal:setup — register the contract's search attributes on any
 * Temporal cluster (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY or
 * TEMPORAL_TLS_CERT/KEY) through the operator API. Idempotent. The dev server
 * started by `npm start` registers them itself.
 */
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../src/temporal/search-attributes';
import { temporalConnectionOptions } from '../src/temporal/connection';

const T = temporal.api.enums.v1.IndexedValueType;
const TYPES = { Keyword: T.INDEXED_VALUE_TYPE_KEYWORD, Bool: T.INDEXED_VALUE_TYPE_BOOL, KeywordList: T.INDEXED_VALUE_TYPE_KEYWORD_LIST } as const;

export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTE_DEFINITIONS.filter((sa) => !(customAttributes ?? {})[sa.name]);
  const wrong = SEARCH_ATTRIBUTE_DEFINITIONS.filter((sa) => customAttributes?.[sa.name] !== undefined && customAttributes[sa.name] !== TYPES[sa.type]);
  if (wrong.length) throw new Error(`Search attributes exist with another type: ${wrong.map((w) => w.name).join(', ')}`);
  if (missing.length) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((sa) => [sa.name, TYPES[sa.type]])),
    });
  }
  return missing.map((m) => m.name);
}

async function main() {
  const settings = {
    address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    apiKey: process.env.TEMPORAL_API_KEY,
    tlsCertPath: process.env.TEMPORAL_TLS_CERT,
    tlsKeyPath: process.env.TEMPORAL_TLS_KEY,
  };
  const connection = await Connection.connect(temporalConnectionOptions(settings));
  try {
    const added = await registerSearchAttributes(connection, settings.namespace);
    console.log(`${settings.address}/${settings.namespace}: ${added.length ? `registered ${added.join(', ')}` : 'search attributes already registered'}`);
  } catch (err) {
    const msg = (err as Error).message;
    console.error(`temporal:setup failed: ${msg}`);
    if (/permission|denied|unimplemented/i.test(msg)) {
      console.error('On Temporal Cloud, add them in the Cloud UI or with: tcld namespace search-attributes add --namespace <ns> --search-attribute "OrderName=Keyword" ... (see README)');
    }
    process.exitCode = 1;
  } finally {
    await connection.close();
  }
}

if (require.main === module) void main();
