import { execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { loadSettings } from '../config';

/**
 * Finds or provisions the Temporal CLI (which embeds the dev server), in order:
 *   1. TEMPORAL_CLI_PATH
 *   2. `temporal` on PATH
 *   3. a cached build outside the repo:
 *      ${XDG_CACHE_HOME:-$HOME/.cache}/order-orchestrator/temporal-cli/<version>/temporal
 *   4. a build with Go when `go` is present (machines whose only way out is the
 *      Go module proxy); several minutes, once per machine
 *   5. the release archive from temporal.download (as the SDK's ephemeral
 *      server fetches it), then GitHub releases
 * Steps 4 and 5 write into a temporary directory next to the cache and rename
 * the binary into place, so an interrupted build never leaves a half binary.
 */

/**
 * The one pinned CLI version.
 *
 * Why not newer: the module proxy serves v1.9.1 as the newest release, but from
 * v1.6.0 on the CLI's go.mod says `replace github.com/temporalio/cli/cliext => ./cliext`,
 * a nested module that is neither in the release's module zip nor published on
 * proxy.golang.org (`github.com/temporalio/cli/cliext@v0.0.0: 403 not available`),
 * so no wrapper module can build those releases from the proxy alone. v1.5.1 is
 * the newest release that builds with a plain `go install`. buildWithGo() handles
 * a replace that points at a published module version, should a later release do that.
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const CLI_MODULE = 'github.com/temporalio/cli';
const CLI_PACKAGE = `${CLI_MODULE}/cmd/temporal`;

export interface ResolveTemporalCliOptions {
  /** false: never build or download, only find (throws with a hint to run `npm run setup`). */
  build?: boolean;
  /** One line per step; nothing is logged when the CLI is already found. */
  log?: (msg: string) => void;
  /** Defaults to TEMPORAL_CLI_VERSION. */
  version?: string;
}

export function temporalCliCacheDir(version = TEMPORAL_CLI_VERSION): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'order-orchestrator', 'temporal-cli', version);
}

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A scratch directory on the same filesystem as the cache, so the final rename is atomic. */
function scratchNextTo(dir: string, prefix: string): string {
  mkdirSync(path.dirname(dir), { recursive: true });
  return mkdtempSync(path.join(path.dirname(dir), `.${prefix}-`));
}

function install(binary: string, dir: string): string {
  chmodSync(binary, 0o755);
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, 'temporal');
  renameSync(binary, target); // atomic within one filesystem: the binary is whole or absent
  return target;
}

interface GoModReplace {
  from: string;
  to: string;
}

/** The `replace` directives of a go.mod (single-line and block form). */
export function parseGoModReplaces(goMod: string): GoModReplace[] {
  const out: GoModReplace[] = [];
  const add = (line: string) => {
    const [from, to] = line.split('=>').map((s) => s.trim().replace(/\s*\/\/.*$/, ''));
    if (from && to) out.push({ from, to });
  };
  let inBlock = false;
  for (const raw of goMod.split('\n')) {
    const line = raw.trim();
    if (inBlock) {
      if (line.startsWith(')')) inBlock = false;
      else if (line.includes('=>')) add(line);
    } else if (/^replace\s*\($/.test(line)) inBlock = true;
    else if (line.startsWith('replace ') && line.includes('=>')) add(line.slice('replace '.length));
  }
  return out;
}

function goEnv(gobin?: string): NodeJS.ProcessEnv {
  return { ...process.env, CGO_ENABLED: '0', ...(gobin ? { GOBIN: gobin } : {}) };
}

function buildWithGo(version: string, dir: string, log: (m: string) => void): string {
  const scratch = scratchNextTo(dir, `build-${version}`);
  try {
    log(`fetching ${CLI_MODULE}@${version} metadata from the Go module proxy`);
    const info = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', `${CLI_MODULE}@${version}`], {
        env: goEnv(),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: scratch,
      }),
    ) as { GoMod?: string; Error?: string };
    if (info.Error || !info.GoMod) throw new Error(info.Error ?? 'no go.mod in the module proxy answer');
    const replaces = parseGoModReplaces(readFileSync(info.GoMod, 'utf8'));
    const bin = path.join(scratch, 'bin');
    mkdirSync(bin);
    if (replaces.length === 0) {
      log(`building the Temporal CLI ${version} with go install (a few minutes, once per machine)`);
      execFileSync('go', ['install', `${CLI_PACKAGE}@${version}`], {
        env: goEnv(bin),
        stdio: ['ignore', 'inherit', 'inherit'],
        cwd: scratch,
      });
    } else {
      // `go install pkg@version` refuses modules with replace directives: build
      // the package from a generated wrapper module that carries the replaces.
      const local = replaces.filter((r) => /^\.{0,2}\//.test(r.to));
      if (local.length) {
        throw new Error(
          `${CLI_MODULE}@${version} replaces ${local.map((r) => `${r.from} => ${r.to}`).join(', ')} with a directory that is not in the module proxy; it cannot be built from the proxy`,
        );
      }
      log(
        `building the Temporal CLI ${version} through a wrapper module (${replaces.length} replace directive(s); a few minutes, once per machine)`,
      );
      const work = path.join(scratch, 'wrapper');
      mkdirSync(work);
      writeFileSync(
        path.join(work, 'go.mod'),
        [
          `module order-orchestrator/temporal-cli-build`,
          '',
          'go 1.22',
          '',
          `require ${CLI_MODULE} ${version}`,
          '',
          ...replaces.map((r) => `replace ${r.from} => ${r.to}`),
          '',
        ].join('\n'),
      );
      writeFileSync(path.join(work, 'tools.go'), `//go:build tools\n\npackage tools\n\nimport _ "${CLI_PACKAGE}"\n`);
      execFileSync('go', ['mod', 'tidy'], { env: goEnv(), cwd: work, stdio: ['ignore', 'inherit', 'inherit'] });
      execFileSync('go', ['build', '-o', path.join(bin, 'temporal'), CLI_PACKAGE], {
        env: goEnv(),
        cwd: work,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
    }
    return install(path.join(bin, 'temporal'), dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function downloadUrls(version: string): string[] {
  const platform = process.platform === 'darwin' ? 'darwin' : process.platform === 'linux' ? 'linux' : null;
  const arch = process.arch === 'arm64' ? 'arm64' : process.arch === 'x64' ? 'amd64' : null;
  if (!platform || !arch) return [];
  const bare = version.replace(/^v/, '');
  return [
    `https://temporal.download/cli/archive/${version}?platform=${platform}&arch=${arch}&sdk-name=order-orchestrator`,
    `https://github.com/temporalio/cli/releases/download/${version}/temporal_cli_${bare}_${platform}_${arch}.tar.gz`,
  ];
}

async function download(version: string, dir: string, log: (m: string) => void): Promise<string> {
  const urls = downloadUrls(version);
  if (!urls.length) throw new Error(`no Temporal CLI archive for ${process.platform}/${process.arch}`);
  const errors: string[] = [];
  for (const url of urls) {
    const scratch = scratchNextTo(dir, `download-${version}`);
    try {
      log(`downloading the Temporal CLI ${version} from ${url}`);
      const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const archive = path.join(scratch, 'cli.tar.gz');
      writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
      execFileSync('tar', ['-xzf', archive, '-C', scratch], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (!existsSync(path.join(scratch, 'temporal'))) throw new Error('the archive holds no `temporal` binary');
      return install(path.join(scratch, 'temporal'), dir);
    } catch (err) {
      const cause = (err as Error & { cause?: { code?: string } }).cause;
      errors.push(`${url}: ${(err as Error).message}${cause?.code ? ` (${cause.code})` : ''}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  throw new Error(errors.join('; '));
}

function errorText(err: unknown): string {
  const e = err as Error & { stderr?: Buffer | string };
  const stderr = e.stderr ? String(e.stderr).trim().split('\n').slice(-3).join(' | ') : '';
  const first = e.message.split('\n')[0];
  return stderr ? `${first} (${stderr})` : first;
}

/** Path of a Temporal CLI binary, provisioning (and caching) it when needed. */
export async function resolveTemporalCli(opts: ResolveTemporalCliOptions = {}): Promise<string> {
  const log = opts.log ?? (() => undefined);
  const version = opts.version ?? TEMPORAL_CLI_VERSION;
  const fromEnv = loadSettings(['TEMPORAL_CLI_PATH']).TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const found = onPath('temporal');
  if (found) return found;
  const dir = temporalCliCacheDir(version);
  const cached = path.join(dir, 'temporal');
  if (isExecutable(cached)) return cached;
  if (opts.build === false)
    throw new Error(
      `Temporal CLI not found (no TEMPORAL_CLI_PATH, no \`temporal\` on PATH, nothing in ${dir}); run \`npm run setup\``,
    );

  log(`Temporal CLI ${version} not found on PATH or in ${dir}; provisioning it`);
  const errors: string[] = [];
  const haveGo = !!onPath('go');
  if (haveGo) {
    try {
      return buildWithGo(version, dir, log);
    } catch (err) {
      errors.push(`go build failed: ${errorText(err)}`);
      log(errors[errors.length - 1]);
    }
  } else {
    errors.push('`go` is not installed');
  }
  try {
    return await download(version, dir, log);
  } catch (err) {
    errors.push(`download failed: ${errorText(err)}`);
  }
  throw new Error(
    [
      `Could not provision the Temporal CLI ${version}: ${errors.join('; ')}.`,
      'Do one of:',
      haveGo
        ? `  - fix the Go build above (Go >= 1.21 is needed: it fetches the toolchain the CLI's go.mod asks for through the module proxy; GOPROXY must be reachable), then rerun \`npm run setup\`;`
        : `  - install Go >= 1.21 and rerun \`npm run setup\` (it runs: GOBIN=${dir} go install ${CLI_PACKAGE}@${version}). Debian 12's golang-go is 1.19, too old: use the tarball from https://go.dev/dl/ (tar -C /usr/local -xzf go*.linux-amd64.tar.gz; export PATH=/usr/local/go/bin:$PATH);`,
      `  - or download the CLI (https://temporal.download/cli/archive/${version}?platform=linux&arch=amd64 or \`curl -sSf https://temporal.download/cli.sh | sh\`) and put \`temporal\` on PATH;`,
      '  - or set TEMPORAL_CLI_PATH to an existing temporal binary.',
    ].join('\n'),
  );
}
