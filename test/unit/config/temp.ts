// Temp directories with config files for the config tests; removed by cleanup().
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class TempDir {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'prow-config-test-'));

  /** Writes `content` at `rel` (creating directories) and returns the absolute path. */
  write(rel: string, content: string): string {
    const p = path.join(this.dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  }

  path(rel: string): string {
    return path.join(this.dir, rel);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const REFERENCE_DIR = '/work/shared/reference/prow';
