// `prow mkpod`: prints the Pod plank would create for a ProwJob (as upstream's mkpod), decorated with the pod
// utilities when the job is decorated.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import YAML from 'yaml';
import type { ProwJob } from '../api/prowjob.js';
import { buildIds } from '../api/build-id.js';
import { prowJobToPod } from '../executor/kube-pod.js';
import type { Subcommand } from './subcommand.js';

interface MkpodOptions {
  prowJob?: string;
  buildId?: string;
}

export async function renderPod(o: MkpodOptions): Promise<string> {
  if (!o.prowJob) throw new Error('--prow-job is required (a ProwJob YAML or JSON file, e.g. from prow mkpj)');
  const pj = YAML.parse(await readFile(o.prowJob, 'utf8')) as ProwJob;
  if (!pj?.spec || !pj.metadata?.name) throw new Error(`${o.prowJob} is not a ProwJob (no metadata.name or spec)`);
  pj.status ??= {};
  pj.status.build_id = o.buildId || pj.status.build_id || buildIds.next();
  return YAML.stringify(prowJobToPod(pj));
}

export const mkpod: Subcommand = {
  name: 'mkpod',
  description: 'print the Pod the controller-manager creates for a ProwJob',
  configure(cmd: Command) {
    cmd
      .option('--prow-job <PATH>', 'Path to a ProwJob YAML or JSON file')
      .option('--build-id <ID>', 'Build ID for the job (default: the ProwJob\'s, else a new one)')
      .action(async (opts: MkpodOptions) => {
        process.stdout.write(await renderPod(opts));
      });
  },
};
