/**
 * npm run shopify:codegen: generate the TypeScript types of every Admin GraphQL
 * document the engine sends (the `#graphql` literals of src/shopify/documents.ts)
 * into src/shopify/generated/,
 * from the vendored schema (schema/admin_{version}.json.gz), offline.
 *
 * Run it after changing a document or refreshing the schema (npm run
 * shopify:schema); the generated files are committed, and
 * test/shopify/codegen.test.ts fails while they are stale.
 *
 * @shopify/api-codegen-preset with @graphql-codegen/cli: admin.types.d.ts holds
 * the schema's scalars, enums and input types; admin.generated.d.ts holds each
 * operation's result and variables types, keyed by the document's exact text
 * (the client in src/shopify/client.ts looks them up from the literal it is given).
 */
import path from 'node:path';
import { generate, type CodegenConfig } from '@graphql-codegen/cli';
import { ApiType, pluckConfig, preset } from '@shopify/api-codegen-preset';
import { printSchema } from 'graphql';
import { projectRoot } from '../src/paths';
import { adminSchema } from '../src/simulator/schema';

/** Where the generated files are committed. */
export const GENERATED_DIR = path.join(projectRoot(), 'src', 'shopify', 'generated');

export function shopifyCodegenConfig(outDir = GENERATED_DIR): CodegenConfig {
  const root = projectRoot();
  return {
    // The vendored introspection result, as SDL: nothing is fetched.
    schema: printSchema(adminSchema()),
    // Every document the engine sends lives here (test/shopify/codegen.test.ts checks no other file
    // under src holds one): plucking one file instead of every source file halves the run.
    documents: [path.join(root, 'src/shopify/documents.ts')],
    pluckConfig: pluckConfig as CodegenConfig['pluckConfig'],
    silent: true,
    generates: {
      [path.join(outDir, 'admin.types.d.ts')]: {
        plugins: ['typescript'],
        config: {
          // Enums as string unions: variables take 'OTHER', not an enum member.
          enumsAsTypes: true,
          defaultScalarType: 'string',
          scalars: { JSON: 'unknown' },
          disableDescriptions: true,
          // Object fields required (a nullable one is `T | null`), input fields optional: what Shopify sends and takes.
          avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
          skipTypename: true,
        },
      },
      [path.join(outDir, 'admin.generated.d.ts')]: {
        preset,
        presetConfig: { apiType: ApiType.Admin },
        // A selected nullable field is always in the response (null when empty): `field: T | null`, not `field?: ...`.
        config: { avoidOptionals: { field: true } },
      },
    },
  };
}

/** The generated files by name (admin.types.d.ts, admin.generated.d.ts), without writing them. */
export async function generatedFiles(): Promise<Record<string, string>> {
  const files: { filename: string; content: string }[] = await generate(shopifyCodegenConfig(), false);
  return Object.fromEntries(files.map((f) => [path.basename(f.filename), f.content]));
}

async function main() {
  const files: { filename: string }[] = await generate(shopifyCodegenConfig(), true);
  for (const f of files) console.log(path.relative(projectRoot(), f.filename));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`shopify-codegen: ${(err as Error).message}`);
    process.exit(1);
  });
}
