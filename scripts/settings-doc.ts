/**
 * npm run docs:settings — write the README's settings tables from the schemas
 * in src/config.ts (test/unit/settings-doc.test.ts checks they are equal).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/paths';
import { withSettingsTables } from '../src/settings-doc';

const file = path.join(projectRoot(), 'README.md');
const before = readFileSync(file, 'utf8');
const after = withSettingsTables(before);
if (after !== before) writeFileSync(file, after);
console.log(
  after === before
    ? 'README.md settings tables already up to date'
    : 'README.md settings tables rewritten from src/config.ts',
);
