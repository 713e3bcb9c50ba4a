// ProwJobs as upstream makes them: the same config and flags through upstream's mkpj (its output is in
// fixtures/upstream-mkpj, see the README there) and through ours give the same object, name and start time aside.
// The same constructors make trigger's, horologium's and Deck's rerun ProwJobs.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfigYaml } from '../../../src/config/yaml.js';
import type { ProwJob } from '../../../src/api/prowjob.js';
import { makeProwJob } from '../../../src/cli/mkpj.js';
import { loadConfig } from '../../../src/config/load.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'upstream-mkpj');

/** Drops what differs on every run (a UUID, a timestamp) and what Go writes for a zero value. */
function comparable(pj: ProwJob): unknown {
  const out = JSON.parse(JSON.stringify(pj)) as ProwJob & { metadata: { creationTimestamp?: unknown } };
  delete (out.metadata as { name?: string }).name;
  if (out.metadata.creationTimestamp === null) delete out.metadata.creationTimestamp;
  delete out.status.startTime;
  return out;
}

describe('mkpj against upstream mkpj', () => {
  it.each(['pull-unit', 'post-unit', 'nightly'])('%s is the same ProwJob upstream makes', async (job) => {
    const { config } = await loadConfig({ configPath: path.join(DIR, 'config.yaml') });
    const ours = await makeProwJob(config, job, {
      baseRef: 'main', baseSha: '1'.repeat(40), pullNumber: 5, pullSha: '2'.repeat(40), pullAuthor: 'bob',
    });
    const upstream = parseConfigYaml(readFileSync(path.join(DIR, `${job}.yaml`), 'utf8')) as ProwJob;
    expect(comparable(ours)).toEqual(comparable(upstream));
  });
});
