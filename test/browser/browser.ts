// Headless Chromium for the browser tests: the Debian package driven by playwright-core, one launch per test file,
// a fresh profile each time. The browser bundle is compiled first, as `npm run build` does.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('test/artifacts');

export function buildWeb(): string {
  const out = path.resolve('dist/roles/deck/web');
  execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', 'roles/deck/web/tsconfig.json'], { stdio: 'inherit' });
  mkdirSync(out, { recursive: true });
  copyFileSync('roles/deck/web/style.css', path.join(out, 'style.css'));
  return out;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'deck-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
