// Starts the real studio binary on a fresh data dir with the demo data, on a
// free loopback port, and stops it when the tests end.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DEMO_PASSWORD = 'studio-demo-2026';

/** freePort answers a loopback port nothing listens on. */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitHealthy(url, proc, deadlineMs = 30000) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`studio exited with ${proc.exitCode}`);
    try {
      const r = await fetch(url + '/api/health');
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('studio did not become healthy');
}

/**
 * Seeds the demo data and serves it; returns { url, stop }. env adds
 * variables to the server's environment (the browser suite points the
 * outbox at a closed port so that emails fail and can be retried).
 */
export async function startStudio({ env = {} } = {}) {
  const bin = resolve(process.env.STUDIO_BIN || '../bin/studio');
  const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-'));
  execFileSync(bin, ['seed', '--demo', '--dir', dir], { stdio: 'pipe' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(bin, ['serve', '--dir', dir, '--http', `127.0.0.1:${port}`], { stdio: 'ignore', env: { ...process.env, ...env } });
  await waitHealthy(url, proc);
  return {
    url,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Serves a demo studio for the calling test file (started before its
 * tests, stopped after them) and answers a function that logs a demo user
 * in through the JS SDK.
 */
export function useStudio(PocketBase, { before, after, env }) {
  const ctx = {};
  before(async () => { ctx.studio = await startStudio({ env }); });
  after(async () => { await ctx.studio?.stop(); });
  ctx.url = () => ctx.studio.url;
  ctx.as = async (email) => {
    const pb = new PocketBase(ctx.studio.url);
    pb.autoCancellation(false);
    await pb.collection('users').authWithPassword(email, DEMO_PASSWORD);
    return pb;
  };
  return ctx;
}
