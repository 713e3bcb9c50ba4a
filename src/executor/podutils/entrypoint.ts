// entrypoint: runs the test command, copies its output to the process log (and stdout), and records the exit
// code in the marker file. Enforces the timeout: the process group gets SIGTERM, then SIGKILL after the grace
// period (upstream interrupts with SIGINT first; SIGTERM is what shells and test runners trap for cleanup).
// SIGTERM or SIGINT to the entrypoint itself (an aborted job) terminates the command the same way.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatGoDuration } from '../../config/duration.js';
import { NS_PER_MS, type EntrypointOptions } from './options.js';

/** Upstream's exit codes for a command that could not run or timed out, and for an aborted one. */
export const INTERNAL_ERROR_CODE = 127;
export const ABORTED_ERROR_CODE = 130;

/** Upstream's defaults when a decorated job sets none: 2h timeout, 15s grace period. */
export const DEFAULT_TIMEOUT_MS = 2 * 3_600_000;
export const DEFAULT_GRACE_PERIOD_MS = 15_000;

export interface EntrypointRun {
  /** The code written to the marker file. */
  code: number;
  timedOut: boolean;
  aborted: boolean;
}

export interface EntrypointHooks {
  /** Aborts the run as SIGTERM would (used when the entrypoint runs in-process). */
  signal?: AbortSignal;
  /** Extra environment for the command (merged over process.env). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Copy output to this process's stdout too (default true, like upstream). */
  tee?: boolean;
}

/** Writes a file so readers see it whole or not at all. */
export async function writeAtomically(file: string, data: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export async function runEntrypoint(opts: EntrypointOptions, hooks: EntrypointHooks = {}): Promise<EntrypointRun> {
  if (!opts.args?.length) throw new Error('entrypoint: no command to run (args is empty)');
  if (!opts.process_log || !opts.marker_file) throw new Error('entrypoint: process_log and marker_file are required');
  await mkdir(path.dirname(opts.process_log), { recursive: true });
  if (opts.artifact_dir) await mkdir(opts.artifact_dir, { recursive: true });
  const log = createWriteStream(opts.process_log, { flags: 'a' });
  await new Promise<void>((resolve, reject) => log.once('open', () => resolve()).once('error', reject));
  const tee = hooks.tee ?? true;
  const note = (level: string, msg: string): void => {
    log.write(`${JSON.stringify({ component: 'entrypoint', file: 'entrypoint/run.go', level, msg, time: new Date().toISOString() })}\n`);
  };

  const timeoutMs = opts.timeout !== undefined && opts.timeout > 0 ? opts.timeout / NS_PER_MS : DEFAULT_TIMEOUT_MS;
  const graceMs = opts.grace_period !== undefined && opts.grace_period > 0 ? opts.grace_period / NS_PER_MS : DEFAULT_GRACE_PERIOD_MS;
  const result: EntrypointRun = { code: 0, timedOut: false, aborted: false };

  const child = spawn(opts.args[0], opts.args.slice(1), {
    cwd: hooks.cwd,
    env: { ...process.env, ...hooks.env },
    // Its own process group, so termination reaches everything the command started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const s of [child.stdout, child.stderr]) {
    s.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (tee) process.stdout.write(chunk);
    });
  }

  const signalGroup = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        // already gone
      }
    }
  };
  let killTimer: NodeJS.Timeout | undefined;
  let killed = false;
  const terminate = (): void => {
    if (killTimer) return;
    signalGroup('SIGTERM');
    killTimer = setTimeout(() => {
      killed = true;
      note('error', `Process did not exit before ${formatGoDuration(graceMs)} grace period`);
      signalGroup('SIGKILL');
    }, graceMs);
  };

  const timeout = setTimeout(() => {
    result.timedOut = true;
    note('error', `Process did not finish before ${formatGoDuration(timeoutMs)} timeout`);
    terminate();
  }, timeoutMs);
  const onAbort = (): void => {
    if (result.aborted) return;
    result.aborted = true;
    note('error', 'Entrypoint received interrupt: terminated');
    terminate();
  };
  const onSignal = (): void => onAbort();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  hooks.signal?.addEventListener('abort', onAbort);
  if (hooks.signal?.aborted) onAbort();

  const exit = await new Promise<{ code: number | null; spawnError?: Error }>((resolve) => {
    child.once('error', (e) => resolve({ code: null, spawnError: e }));
    child.once('close', (code) => resolve({ code }));
  });
  clearTimeout(timeout);
  if (killTimer) {
    clearTimeout(killTimer);
    if (!killed) note('error', `Process gracefully exited before ${formatGoDuration(graceMs)} grace period`);
  }
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  hooks.signal?.removeEventListener('abort', onAbort);

  if (exit.spawnError) {
    note('error', `Error executing test process: ${exit.spawnError.message}`);
    result.code = INTERNAL_ERROR_CODE;
  } else if (result.aborted) {
    result.code = opts.propagate_error_code ? (exit.code ?? ABORTED_ERROR_CODE) : ABORTED_ERROR_CODE;
  } else if (result.timedOut) {
    result.code = opts.propagate_error_code ? (exit.code ?? INTERNAL_ERROR_CODE) : INTERNAL_ERROR_CODE;
  } else {
    result.code = exit.code ?? INTERNAL_ERROR_CODE;
  }
  await new Promise<void>((resolve) => log.end(() => resolve()));
  await writeAtomically(opts.marker_file, String(result.code));
  return result;
}

/** Reads a marker file: the exit code, or undefined while the command still runs. */
export function parseMarker(text: string): number | undefined {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return undefined;
  return Number(t);
}
