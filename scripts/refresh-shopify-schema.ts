/**
 * npm run shopify:schema [-- 2026-10]: refresh schema/admin_{version}.json.gz,
 * the Admin API introspection result the simulator serves and the engine's
 * documents are validated against. Shopify publishes it in the npm package
 * @shopify/dev-mcp (dist/data/admin_{version}.json.gz); this packs the latest
 * release into a temporary directory and copies the file out. Then run
 * `npm run shopify:codegen` and commit what it regenerates.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema } from 'graphql';
import { projectRoot } from '../src/paths';

function main() {
  const version = process.argv[2] ?? '2026-10';
  if (!/^\d{4}-\d{2}$|^unstable$/.test(version)) throw new Error(`not an API version: ${version}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'shopify-schema-'));
  try {
    const tarball = execFileSync('npm', ['pack', '@shopify/dev-mcp', '--silent', '--pack-destination', dir], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop()!;
    const inner = `package/dist/data/admin_${version}.json.gz`;
    execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir, inner]);
    const extracted = path.join(dir, inner);
    if (!existsSync(extracted)) throw new Error(`${tarball} has no ${inner}`);
    // Refuse a file that is not a usable introspection result before replacing the vendored one.
    const json = JSON.parse(gunzipSync(readFileSync(extracted)).toString('utf8'));
    const schema = buildClientSchema(json.data ?? json);
    const target = path.join(projectRoot(), 'schema', `admin_${version}.json.gz`);
    copyFileSync(extracted, target);
    console.log(`${target}: ${Object.keys(schema.getTypeMap()).length} types, from ${tarball}`);
    console.log("next: npm run shopify:codegen (the documents' types in src/shopify/generated/ follow the schema)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(`refresh-shopify-schema: ${(err as Error).message}`);
  process.exit(1);
}
