// `prow config-bootstrapper`: writes every ConfigMap that plugins.yaml's `config_updater.maps` fills, from the files
// of a checkout (--source-path), as upstream's config-bootstrapper does after a clean deployment or a disaster, so
// the config-updater plugin can take over with incremental updates. Each map's glob is matched against the
// repo-relative paths; a ConfigMap gets exactly the files found for it (key: the file's base name, `key`, or with
// use_full_path_as_key the path with `/` as `-`; gzip: compressed in binaryData), in every cluster and namespace
// of its `clusters` (default: the default cluster, prowjob_namespace). Everything is checked before anything is
// written; --dry-run prints the ConfigMaps instead.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { configPathsFromFlags } from '../config/flags.js';
import { loadConfig } from '../config/load.js';
import type { ConfigUpdaterMap } from '../config/types.js';
import { kubeOptionsFromFlags, DEFAULT_CLUSTER_ALIAS } from '../kube/config.js';
import { Flags } from '../runtime/flags.js';
import { CONFIG_BOOTSTRAPPER_FLAGS } from './commands/config-bootstrapper.js';
import { globToRegExp } from '../kube/configmaps.js';

class BootstrapError extends Error {}

export { globToRegExp } from '../kube/configmaps.js';

export interface Target {
  cluster: string;
  namespace: string;
  name: string;
  data: Record<string, string>;
  binaryData: Record<string, string>;
  /** key → source file, to report collisions. */
  sources: Record<string, string>;
}

async function walk(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
    if (e.name === '.git') continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(root, p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** The ConfigMaps the checkout fills; throws listing every problem (missing name, two files for one key). */
export async function bootstrapTargets(sourcePath: string, maps: Record<string, ConfigUpdaterMap>, defaultNamespace: string, gzipAll: boolean): Promise<Target[]> {
  const targets = new Map<string, Target>();
  const problems: string[] = [];
  const compiled = Object.entries(maps).map(([glob, spec]) => ({ glob, spec, re: globToRegExp(glob) }));
  for (const { glob, spec } of compiled) if (!spec?.name) problems.push(`config_updater.maps."${glob}": no name`);
  for (const file of await walk(sourcePath)) {
    for (const { re, spec } of compiled) {
      if (!spec?.name || !re.test(file)) continue;
      const content = await readFile(path.join(sourcePath, file));
      const key = spec.use_full_path_as_key ? file.replace(/\//g, '-') : spec.key || path.posix.basename(file);
      const clusters = spec.clusters ?? { [DEFAULT_CLUSTER_ALIAS]: [spec.namespace ?? ''] };
      for (const [cluster, namespaces] of Object.entries(clusters)) {
        for (const ns of namespaces?.length ? namespaces : ['']) {
          const namespace = ns || defaultNamespace;
          const id = `${cluster}/${namespace}/${spec.name}`;
          let t = targets.get(id);
          if (!t) {
            t = { cluster, namespace, name: spec.name, data: {}, binaryData: {}, sources: {} };
            targets.set(id, t);
          }
          if (t.sources[key] && t.sources[key] !== file) {
            problems.push(`${id}: key ${key} comes from both ${t.sources[key]} and ${file}`);
            continue;
          }
          t.sources[key] = file;
          if (spec.gzip ?? gzipAll) t.binaryData[key] = gzipSync(content).toString('base64');
          else t.data[key] = content.toString('utf8');
        }
      }
    }
  }
  if (problems.length > 0) throw new BootstrapError(problems.join('\n'));
  return [...targets.values()];
}

async function run(flags: Flags): Promise<void> {
  const sourcePath = flags.string('source-path');
  if (!sourcePath) throw new BootstrapError('--source-path is required');
  if (!flags.string('plugin-config')) throw new BootstrapError('--plugin-config is required (its config_updater.maps name the ConfigMaps)');
  const { config, plugins } = await loadConfig(configPathsFromFlags(flags));
  const updater = plugins.config_updater;
  if (!updater?.maps || Object.keys(updater.maps).length === 0) throw new BootstrapError('plugins.yaml has no config_updater.maps: nothing to bootstrap');
  const targets = await bootstrapTargets(path.resolve(sourcePath), updater.maps, config.prowjob_namespace || 'default', updater.gzip === true);

  if (flags.bool('dry-run')) {
    for (const t of targets) process.stdout.write(`would write ${t.cluster}/${t.namespace}/${t.name}: ${Object.keys(t.sources).sort().join(', ')}\n`);
    return;
  }
  const [{ loadKubeClusters }, { CoreV1Api }, { statusOf }] = await Promise.all([
    import('../kube/clusters.js'), import('@kubernetes/client-node'), import('../store/kubernetes.js'),
  ]);
  const { clusters } = loadKubeClusters(kubeOptionsFromFlags(flags));
  const unknown = [...new Set(targets.map((t) => t.cluster))].filter((c) => !clusters.has(c));
  if (unknown.length > 0) throw new BootstrapError(`unknown cluster(s) ${unknown.join(', ')} (known: ${[...clusters.keys()].sort().join(', ')}); nothing written`);
  let failed = 0;
  for (const t of targets) {
    const api = clusters.get(t.cluster)!.makeApiClient(CoreV1Api);
    const at = `${t.cluster}/${t.namespace}/${t.name}`;
    const content = { data: t.data, binaryData: t.binaryData };
    try {
      let existing;
      try {
        existing = await api.readNamespacedConfigMap({ name: t.name, namespace: t.namespace });
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
      if (existing) {
        await api.replaceNamespacedConfigMap({ name: t.name, namespace: t.namespace, body: { ...existing, ...content } });
        process.stdout.write(`updated ${at}: ${Object.keys(t.sources).length} key(s)\n`);
      } else {
        await api.createNamespacedConfigMap({ namespace: t.namespace, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: t.name, namespace: t.namespace }, ...content } });
        process.stdout.write(`created ${at}: ${Object.keys(t.sources).length} key(s)\n`);
      }
    } catch (e) {
      failed++;
      process.stdout.write(`error: ${at}: ${(e as Error).message.split('\n')[0]}\n`);
    }
  }
  if (failed > 0) throw new Error(`${failed} ConfigMap(s) not written`);
}

/** `prow config-bootstrapper`'s action: exits 2 on bad flags or config, 1 when a ConfigMap could not be written. */
export async function configBootstrapperAction(command: Command): Promise<void> {
  try {
    await run(Flags.fromCommander(command.optsWithGlobals(), CONFIG_BOOTSTRAPPER_FLAGS));
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exitCode = e instanceof BootstrapError ? 2 : 1;
  }
}
