// Shared by the browser tests: where the binary, the web build and the
// artifacts are, Chromium from Debian driven by playwright-core (installed
// by `npm --prefix web ci`; never `npx playwright install`), and running the
// real `stargate` binary.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binary = process.env.STARGATE_BINARY || join(repoRoot, 'build', 'apps', 'stargate', 'stargate');
export const artifacts = process.env.STARGATE_TEST_ARTIFACTS || join(repoRoot, 'build', 'test-artifacts');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// playwright-core lives in web/node_modules, not beside this file.
const requireFromWeb = createRequire(join(repoRoot, 'web', 'package.json'));
const { chromium } = requireFromWeb('playwright-core');

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function artifactPath(name) {
  mkdirSync(artifacts, { recursive: true });
  return join(artifacts, name);
}

// Runs the binary to completion: {status, stdout, stderr}.
export function stargate(args, options = {}) {
  const r = spawnSync(binary, args, { encoding: 'utf8', cwd: options.cwd || repoRoot, env: { ...process.env, ...options.env }, timeout: 180_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Headless Chromium as root in a container: the flags of the Debian package's
// documented headless use, with nothing that phones home. playwright-core
// gives every launch a fresh profile directory.
export async function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

// A page that records console errors, uncaught exceptions and failed requests.
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, problems };
}

// Starts `stargate serve --port 0 ...` and resolves with {url, process, log}
// once it prints "listening on http://127.0.0.1:PORT".
export function startServer(args, timeoutMs = 60_000) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, ['serve', '--port', '0', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stargate serve printed no "listening on" line in ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ url: m[1], process: child, log: () => log });
      }
    });
    child.stdout.resume();
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stargate serve exited with ${code} before listening:\n${log}`));
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export function stopServer(server) {
  return new Promise((resolvePromise) => {
    if (server.process.exitCode !== null) {
      resolvePromise(server.process.exitCode);
      return;
    }
    const timer = setTimeout(() => server.process.kill('SIGKILL'), 10_000);
    server.process.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise(code);
    });
    server.process.kill('SIGTERM');
  });
}

// One `stargate serve` (with a fresh SQLite ledger) and one Chromium context
// for a test file: registers the node:test hooks that start and stop both
// (the server must exit 0) and returns {server, browser, context, open}, the
// first three set once the hooks have run. open(route) loads a dashboard
// route (on `base`, the server by default) and waits until it is ready.
export function dashboardSession(prefix, { contextOptions = {}, readyTimeoutMs = 120_000 } = {}) {
  const session = {};
  before(async () => {
    const dir = tempDir(prefix);
    session.server = await startServer(['--ledger', `sqlite:${join(dir, 'ledger.db')}`]);
    session.browser = await launchChromium();
    session.context = await session.browser.newContext({ viewport: { width: 1360, height: 900 }, ...contextOptions });
  });
  after(async () => {
    if (session.browser) await session.browser.close();
    if (session.server) {
      const code = await stopServer(session.server);
      if (code !== 0) throw new Error(`stargate serve exited with ${code}:\n${session.server.log()}`);
    }
  });
  session.open = async (route, base = session.server.url) => {
    const { page, problems } = await watchedPage(session.context);
    await page.goto(`${base}/#/${route}`);
    await page.waitForSelector('#page[data-ready="true"]', { timeout: readyTimeoutMs });
    return { page, problems };
  };
  return session;
}
