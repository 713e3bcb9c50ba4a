// Whether Kubernetes is in Test Freeze, as upstream's testfreeze checker decides it: the newest release-X.Y branch
// of the repository has no vX.Y.0 tag yet. Read with `git ls-remote` (no clone).
import { git } from '../../src/git/exec.js';

export interface FreezeResult {
  inTestFreeze: boolean;
  /** The newest release branch, e.g. release-1.31. */
  branch: string;
  /** Its first release's tag, e.g. v1.31.0. */
  tag: string;
}

interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

/** A strict semantic version ("1.31.0", "1.31.0-rc.1"); build metadata is ignored; undefined if not one. */
export function parseSemver(s: string): Version | undefined {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(s);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '' } : undefined;
}

const newer = (a: Version, b: Version): boolean => a.major !== b.major ? a.major > b.major : a.minor !== b.minor ? a.minor > b.minor : a.patch > b.patch;

/** The freeze state from `git ls-remote` output (lines of `<sha>\t<ref>`). Throws when there is no release branch. */
export function freezeFromRefs(lsRemote: string): FreezeResult {
  const refs = lsRemote.split('\n').map((l) => l.split('\t')[1]?.trim()).filter((r): r is string => Boolean(r));
  let latest: Version | undefined;
  let branch = '';
  for (const ref of refs) {
    const m = /^refs\/heads\/release-(.+)$/.exec(ref);
    const v = m ? parseSemver(`${m[1]}.0`) : undefined;
    if (v && v.pre === '' && (!latest || newer(v, latest))) {
      latest = v;
      branch = `release-${m![1]}`;
    }
  }
  if (!latest) throw new Error('no latest release branch found');
  const tag = `v${latest.major}.${latest.minor}.${latest.patch}`;
  const released = refs.some((ref) => {
    const m = /^refs\/tags\/v?(.+?)(\^\{\})?$/.exec(ref);
    const v = m ? parseSemver(m[1]!) : undefined;
    return v !== undefined && v.pre === '' && !newer(v, latest!) && !newer(latest!, v);
  });
  return { inTestFreeze: !released, branch, tag };
}

export async function checkTestFreeze(remoteUrl: string): Promise<FreezeResult> {
  const { stdout } = await git(['ls-remote', '--heads', '--tags', remoteUrl], { timeoutMs: 60_000 });
  return freezeFromRefs(stdout);
}
