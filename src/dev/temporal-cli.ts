import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Finds or provisions the Temporal CLI (which embeds the dev server), in order:
 *   1. TEMPORAL_CLI_PATH
 *   2. `temporal` on PATH
 *   3. a cached build outside the repo: $XDG_CACHE_HOME/order-orchestrator/temporal-cli/<version>/temporal
 *   4. a build with `go install` when Go is present (machines without internet
 *      but with the Go module proxy)
 *   5. the release archive from temporal.download, as the SDK's test server does
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function temporalCliCacheDir(version = TEMPORAL_CLI_VERSION): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'order-orchestrator', 'temporal-cli', version);
}

function onPath(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

function buildWithGo(dir: string, log: (m: string) => void): string {
  const tmp = mkdtempSync(path.join(tmpdir(), 'temporal-cli-build-'));
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (a few minutes, once)`);
  execFileSync('go', ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: tmp, CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, 'temporal');
  renameSync(path.join(tmp, 'temporal'), target); // atomic: never a half-written binary
  rmSync(tmp, { recursive: true, force: true });
  return target;
}

async function download(dir: string, log: (m: string) => void): Promise<string> {
  const platform = process.platform === 'darwin' ? 'darwin' : 'linux';
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const url = `https://temporal.download/cli/archive/latest?platform=${platform}&arch=${arch}`;
  log(`downloading the Temporal CLI from ${url}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
  const tmp = mkdtempSync(path.join(tmpdir(), 'temporal-cli-dl-'));
  const archive = path.join(tmp, 'cli.tar.gz');
  await import('node:fs/promises').then((fs) => res.arrayBuffer().then((b) => fs.writeFile(archive, Buffer.from(b))));
  execFileSync('tar', ['-xzf', archive, '-C', tmp]);
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, 'temporal');
  renameSync(path.join(tmp, 'temporal'), target);
  chmodSync(target, 0o755);
  rmSync(tmp, { recursive: true, force: true });
  return target;
}

export async function resolveTemporalCli(opts: { build?: boolean; log?: (msg: string) => void } = {}): Promise<string> {
  const log = opts.log ?? (() => undefined);
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = onPath('temporal');
  if (found) return found;
  const dir = temporalCliCacheDir();
  const cached = path.join(dir, 'temporal');
  if (existsSync(cached)) return cached;
  if (opts.build === false) throw new Error('Temporal CLI not found; run `npm run setup`');
  const errors: string[] = [];
  if (onPath('go')) {
    try {
      return buildWithGo(dir, log);
    } catch (err) {
      errors.push(`go install failed: ${(err as Error).message}`);
    }
  }
  try {
    return await download(dir, log);
  } catch (err) {
    errors.push(`download failed: ${(err as Error).message}`);
  }
  throw new Error(
    `Could not provision the Temporal CLI (${errors.join('; ')}). Install it (https://docs.temporal.io/cli) and put it on PATH, or set TEMPORAL_CLI_PATH, or install Go so setup can build it.`,
  );
}
