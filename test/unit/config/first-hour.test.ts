// Config messages a new user reads: the start logs the warnings `prow checkconfig` prints by default (not the
// optional valid-decoration-config ones), and a periodic's path counts within its own file.
import { afterEach, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { runCheckconfig } from '../../../src/cli/checkconfig.js';
import { ConfigAgent } from '../../../src/config/agent.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { TempDir } from './temp.js';

let tmp: TempDir;
let agent: ConfigAgent | undefined;
afterEach(() => {
  agent?.stop();
  agent = undefined;
  tmp?.cleanup();
});

const PERIODIC = (name: string, extra = ''): string => `- name: ${name}\n  interval: 1h\n${extra}  spec: {containers: [{image: a, command: [x]}]}\n`;

describe('config messages of the first hour', () => {
  it('cites a job file\'s first periodic as periodics[0], whatever config.yaml holds', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `periodics:\n${PERIODIC('central')}`);
    tmp.write('jobs/mine.yaml', `periodics:\n${PERIODIC('mine', '  decoration_config: {timeout: 1h}\n')}`);
    const r = await runCheckconfig({ configPath: cfg, jobConfigPath: tmp.path('jobs') });
    const p = r.problems.find((x) => x.message.includes('sets decoration_config but is not decorated'));
    expect(p).toMatchObject({ file: tmp.path('jobs/mine.yaml'), path: 'periodics[0].decoration_config' });
  });

  it('logs at start only what checkconfig reports by default', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `decorate_all_jobs: true\nperiodics:\n${PERIODIC('p', '  alway_run: true\n')}`);
    let text = '';
    const stream = new Writable({ write: (c, _e, cb) => { text += String(c); cb(); } });
    agent = await ConfigAgent.start({ configPath: cfg }, createRootLogger({ level: 'debug', stream }), createMetricsRegistry());
    expect(text).toContain('periodics[0].alway_run');
    expect(text).not.toContain('utility images');
    expect(text).not.toContain('GCS upload configuration');
    const check = await runCheckconfig({ configPath: cfg });
    expect(check.problems.map((p) => p.path)).toEqual(['periodics[0].alway_run']);
  });
});
