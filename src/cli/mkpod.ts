// `prow mkpod`: prints the Pod plank would create for a ProwJob (as upstream's mkpod), decorated with the pod
// utilities when the job is decorated.
import { readFile } from 'node:fs/promises';
import type { V1Pod } from '@kubernetes/client-node';
import { parseConfigYaml, toYaml } from '../config/yaml.js';
import type { ProwJob } from '../api/prowjob.js';
import { buildIds } from '../api/build-id.js';
import { prowJobToPod } from '../executor/kube-pod.js';

export interface MkpodOptions {
  prowJob?: string;
  buildId?: string;
}

const UTILITY_CONTAINERS = ['clonerefs', 'initupload', 'place-entrypoint', 'sidecar'];

/** What makes this Pod unable to run as printed: utility containers without an image. */
export function podWarnings(pod: V1Pod): string[] {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const missing = all.filter((c) => UTILITY_CONTAINERS.includes(c.name) && !c.image).map((c) => c.name);
  if (missing.length === 0) return [];
  return [`warning: no image for ${missing.join(', ')}: set plank.default_decoration_config_entries[].config.utility_images (clonerefs, initupload, entrypoint, sidecar) or the job's decoration_config.utility_images; Kubernetes refuses this Pod as it is`];
}

/** The Pod as YAML without anchors and aliases: a reader sees every value where it applies. */
export function podYAML(pod: V1Pod): string {
  return toYaml(pod);
}

export async function renderPod(o: MkpodOptions): Promise<{ yaml: string; warnings: string[] }> {
  if (!o.prowJob) throw new Error('--prow-job is required (a ProwJob YAML or JSON file, e.g. from prow mkpj)');
  const pj = parseConfigYaml(await readFile(o.prowJob, 'utf8')) as ProwJob;
  if (!pj?.spec || !pj.metadata?.name) throw new Error(`${o.prowJob} is not a ProwJob (no metadata.name or spec)`);
  pj.status ??= {};
  pj.status.build_id = o.buildId || pj.status.build_id || buildIds.next();
  const pod = prowJobToPod(pj);
  return { yaml: podYAML(pod), warnings: podWarnings(pod) };
}

/** `prow mkpod`'s action: prints the Pod (and its warnings on stderr). */
export async function mkpodAction(opts: MkpodOptions): Promise<void> {
  const { yaml, warnings } = await renderPod(opts);
  for (const w of warnings) process.stderr.write(`${w}\n`);
  process.stdout.write(yaml);
}
