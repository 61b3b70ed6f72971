import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type GraphQLSchema } from 'graphql';
import { projectRoot } from '../paths';

/**
 * The real Admin API schema (an introspection result Shopify publishes, vendored
 * by scripts/refresh-shopify-schema.ts). Every API version the simulator serves
 * uses it.
 */
export const SCHEMA_VERSION = '2026-10';
export const SUPPORTED_VERSIONS = ['2026-01', '2026-04', '2026-07', '2026-10', 'unstable'];

let schema: GraphQLSchema | null = null;
export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const file = path.join(projectRoot(), 'schema', `admin_${SCHEMA_VERSION}.json.gz`);
    const json = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    schema = buildClientSchema(json.data ?? json);
  }
  return schema;
}
