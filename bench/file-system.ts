// The file system a benchmark's data dir is on, for its header.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The file system holding `dir`, as "<type> on <device>", and for ext4 whether it has a journal: the journal (fdatasync)
 * and the store's file creates cost very differently on tmpfs, journaled ext4 and ext4 without a journal (which scans
 * past recently deleted inodes on every create, and each round deletes thousands).
 */
export function fileSystemOf(dir: string): string {
  let best: string[] | undefined;
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [dev, at, type] = line.split(' ');
    if (dev === undefined || at === undefined || type === undefined) continue;
    if ((dir === at || dir.startsWith(at.endsWith('/') ? at : `${at}/`)) && (!best || at.length > best[1]!.length)) best = [dev, at, type];
  }
  if (!best) return 'file system unknown';
  const [dev, , type] = best;
  if (type !== 'ext4') return `${type} on ${dev}`;
  const name = path.basename(dev!);
  const journaled = existsSync('/proc/fs/jbd2') && readdirSync('/proc/fs/jbd2').some((j) => j.startsWith(`${name}-`));
  return `ext4 ${journaled ? 'with' : 'without'} a journal on ${dev}`;
}
