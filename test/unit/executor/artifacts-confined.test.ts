// A job controls what is in its artifacts directory, symlinks included: upload takes what is inside the directory
// (links between its own files too) and never what a link points at outside it, such as the GitHub token.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileStorage } from '../../../src/storage/file.js';
import { runSidecar } from '../../../src/executor/podutils/sidecar.js';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});

describe('artifact upload', () => {
  it('never follows a symlink out of the artifacts directory', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'confined-'));
    dirs.push(d);
    const storage = new FileStorage(path.join(d, 'bucket'));
    const art = path.join(d, 'artifacts');
    await mkdir(path.join(art, 'sub'), { recursive: true });
    await mkdir(path.join(d, 'secrets'), { recursive: true });
    await writeFile(path.join(d, 'secrets', 'github-token'), 'ghp_secret_token_value');
    await writeFile(path.join(art, 'junit.xml'), '<ok/>');
    await symlink(path.join(d, 'secrets', 'github-token'), path.join(art, 'token.txt'));
    await symlink('../../secrets/github-token', path.join(art, 'sub', 'relative-token.txt'));
    await symlink(path.join(d, 'secrets'), path.join(art, 'secrets-dir'));
    await symlink('/', path.join(art, 'root'));
    await symlink('junit.xml', path.join(art, 'same-junit.xml'));
    await writeFile(path.join(d, 'log.txt'), 'ok\n');
    await writeFile(path.join(d, 'marker.txt'), '0');
    await runSidecar(
      { gcs_options: { bucket: storage.url, items: [art] }, entries: [{ process_log: path.join(d, 'log.txt'), marker_file: path.join(d, 'marker.txt') }] },
      { type: 'periodic', job: 'ci', buildid: '7' },
      storage,
    );
    const keys = (await storage.list('logs/ci/7/')).filter((e) => !e.isDir).map((e) => e.key);
    const uploaded = keys.filter((k) => k.includes('/artifacts/'));
    expect(uploaded.sort()).toEqual(['logs/ci/7/artifacts/junit.xml', 'logs/ci/7/artifacts/same-junit.xml']);
    for (const k of keys) expect((await storage.read(k)).toString()).not.toContain('ghp_secret_token_value');
  });
});
