// The built `prow` executable: where it is, and which flags it registers (read from its --help, since roles
// add flags over time and the harness passes only the ones that exist).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BINARY = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

/** Throws a clear error when the build output is missing (the harness never builds; `npm test` does). */
export function requireBinary(): string {
  if (!existsSync(BINARY)) {
    throw new Error(`the prow binary is not built: ${BINARY} is missing. Run \`npm run build\` first (\`npm test\` builds before testing).`);
  }
  return BINARY;
}

let cachedFlags: Promise<Set<string>> | undefined;

/** The long flag names (without `--`) that `prow --help` lists. */
export function binaryFlags(): Promise<Set<string>> {
  cachedFlags ??= new Promise((resolve, reject) => {
    execFile(process.execPath, [requireBinary(), '--help'], { timeout: 30_000 }, (err, stdout) => {
      if (err && !stdout) {
        reject(new Error(`prow --help failed: ${err.message}`));
        return;
      }
      const flags = new Set<string>();
      for (const m of stdout.matchAll(/^\s+(?:-\w, )?--([a-z0-9][a-z0-9-]*)/gm)) flags.add(m[1]);
      resolve(flags);
    });
  });
  return cachedFlags;
}
