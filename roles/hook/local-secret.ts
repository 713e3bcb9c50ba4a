// All-in-one mode without --hmac-secret-file: a random webhook secret kept under the data dir, so the hook
// accepts signed webhooks from the first start (`prow phony --hmac-path`, or GitHub given the same secret)
// instead of refusing every one.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function localHmacSecretPath(dataDir: string): string {
  return path.join(dataDir, 'hook', 'hmac');
}

/** The path of the data dir's webhook secret, created (readable by this user only) when missing. */
export function ensureLocalHmacSecret(dataDir: string): { path: string; created: boolean } {
  const file = localHmacSecretPath(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(20).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return { path: file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { path: file, created: false };
    throw e;
  }
}
