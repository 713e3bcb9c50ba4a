// sidecar: waits for the entrypoint's marker file(s), then uploads the process log as build-log.txt, the
// artifacts, and finally finished.json (last, so whoever sees it finds everything else in place). Secrets
// are censored first when censoring options name secret directories.
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStorage } from '../../storage/types.js';
import { ARTIFACTS_DIR, BUILD_LOG, FINISHED_JSON } from '../../storage/paths.js';
import { Censor, loadSecrets, shouldCensor } from './censor.js';
import { listFilesWithin } from './files.js';
import { ABORTED_ERROR_CODE, parseMarker } from './entrypoint.js';
import type { PodJobSpec } from './jobspec.js';
import { finishedFor } from './metadata.js';
import type { SidecarOptions, WrapperOptions } from './options.js';
import { linkTargets, openUploader, type UploadTarget } from './upload.js';

export interface SidecarResult {
  /** The wrapped process's exit code (the first non-zero one with several containers). */
  code: number;
  passed: boolean;
  aborted: boolean;
  dir: string;
}

export interface SidecarHooks {
  /** Stop waiting for markers (the sidecar then reports the run as aborted). */
  signal?: AbortSignal;
  pollMs?: number;
}

export function wrapperEntries(opts: SidecarOptions): WrapperOptions[] {
  const entries = opts.entries?.length ? opts.entries : opts.wrapper_options ? [opts.wrapper_options] : [];
  if (entries.length === 0) throw new Error('sidecar: no entries (wrapper_options) to watch');
  return entries;
}

/** Reads a marker file; undefined while it is absent. Unparseable contents count as a failure. */
export async function readMarker(file: string): Promise<number | undefined> {
  try {
    const code = parseMarker(await readFile(file, 'utf8'));
    return code ?? 1;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function waitForMarker(file: string, hooks: SidecarHooks): Promise<number | undefined> {
  for (;;) {
    const code = await readMarker(file);
    if (code !== undefined) return code;
    if (hooks.signal?.aborted) return undefined;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, hooks.pollMs ?? 500);
      hooks.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }
}

async function readMetadata(file: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (!file) return undefined;
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function runSidecar(opts: SidecarOptions, spec: PodJobSpec, storage?: BlobStorage, hooks: SidecarHooks = {}): Promise<SidecarResult> {
  const entries = wrapperEntries(opts);
  const codes: (number | undefined)[] = [];
  for (const e of entries) codes.push(await waitForMarker(e.marker_file, hooks));
  const aborted = codes.some((c) => c === undefined || c === ABORTED_ERROR_CODE);
  const code = codes.find((c) => c !== 0) ?? 0;
  const passed = !aborted && code === 0;

  const c = opts.censoring_options;
  const censor = new Censor(c?.secret_directories?.length ? await loadSecrets(c.secret_directories, c.minimum_secret_length) : []);
  const up = openUploader(opts.gcs_options, spec, storage);
  const targets: UploadTarget[] = [];

  for (const [i, e] of entries.entries()) {
    // Several test containers: one log each, named after its container as upstream does.
    const key = entries.length > 1 ? `${e.container_name ?? String(i)}-${BUILD_LOG}` : BUILD_LOG;
    const log = await readFile(e.process_log).catch(() => Buffer.alloc(0));
    targets.push({ key, data: censor.empty ? log : censor.bytes(log), contentType: 'text/plain' });
  }
  for (const item of opts.gcs_options.items ?? []) {
    // An item is the job's own directory (or a file in it): nothing a link in it points at elsewhere is uploaded.
    const s = await lstat(item).catch(() => undefined);
    if (!s) continue;
    const files = s.isDirectory() ? await listFilesWithin(item) : s.isFile() ? [{ path: item, source: item }] : [];
    const base = s.isDirectory() ? item : path.dirname(item);
    for (const f of files) {
      const rel = path.relative(base, f.path).split(path.sep).join('/');
      const key = `${ARTIFACTS_DIR}/${rel}`;
      if (!censor.empty && shouldCensor(rel, c?.include_directories, c?.exclude_directories)) {
        targets.push({ key, data: censor.bytes(await readFile(f.source)) });
      } else {
        targets.push({ key, file: f.source });
      }
    }
  }
  const metadata: Record<string, unknown> = {};
  for (const e of entries) Object.assign(metadata, (await readMetadata(e.metadata_file)) ?? {});
  targets.push(...linkTargets(opts.gcs_options, spec, up));
  await up.upload(targets);
  await up.upload([{ key: FINISHED_JSON, data: JSON.stringify(finishedFor(spec, { passed, aborted }, metadata), null, 2), contentType: 'application/json' }]);
  return { code: aborted && code === 0 ? ABORTED_ERROR_CODE : code, passed, aborted, dir: up.dir };
}
