import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root (where package.json is), from TypeScript sources and from the compiled dist/ alike. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
