// config-updater: when a PR that changes files named in `config_updater.maps` merges into the default branch, the
// files at the merge commit are written into their ConfigMaps (files under the data dir in all-in-one mode, where
// the config agent hot-reloads them; the Kubernetes API otherwise), and the PR gets upstream's comment naming what
// was updated. A YAML file that does not parse updates nothing and gets a clear reply.
import { parseAllConfigYaml } from '../../src/config/yaml.js';
import type { ConfigUpdater } from '../../src/config/types.js';
import type { ConfigMapId, ConfigMapUpdate } from '../../src/kube/configmaps.js';
import { formatResponseRaw } from '../shared/reply.js';
import { definePlugin } from '../types.js';
import { CONFIG_UPDATER, idString, keyFor, mapNameFor, repoAllowed, resolveConfigUpdater, specFor, targetsOf } from './config.js';

interface Planned {
  id: ConfigMapId;
  updates: ConfigMapUpdate[];
}

/** Why a file's content cannot go out, or undefined when it can. */
function yamlProblem(file: string, content: Buffer): string | undefined {
  if (!/\.ya?ml$/i.test(file)) return undefined;
  try {
    parseAllConfigYaml(content.toString('utf8'));
  } catch (e) {
    return `\`${file}\` is not valid YAML: ${(e as Error).message}`;
  }
  return undefined;
}

/** Upstream's description of one updated ConfigMap. */
function describeUpdate(p: Planned, indent: string): string {
  let identifier = `\`${p.id.name}\` configmap`;
  if (p.id.namespace) identifier += ` in namespace \`${p.id.namespace}\``;
  if (p.id.cluster) identifier += ` at cluster \`${p.id.cluster}\``;
  return [`${identifier} using the following files:`, ...p.updates.map((u) => `${indent}- key \`${u.key}\` using file \`${u.file ?? ''}\``)].join('\n');
}

export const configUpdater = definePlugin<ConfigUpdater>({
  name: 'config-updater',
  description: "The config-updater plugin automatically redeploys configuration and plugin configuration files when they change. The plugin watches for pull request merges that modify either of the config files and updates the cluster's configmap resources in response.",
  config: {
    sections: [CONFIG_UPDATER],
    resolve: (pc) => resolveConfigUpdater(pc.config_updater),
    describe: (cu, where) => Object.entries(cu.maps ?? {})
      .map(([glob, spec]) => `Files matching ${where}/${glob} are used to populate the ${spec.name || (spec.partitioned_names ?? []).join(', ')} ConfigMap in `).join(''),
  },
  handlers: {
    async pullRequest(ctx) {
      if (ctx.action !== 'closed') return;
      const pr = ctx.event.pull_request;
      const sha = pr.merge_commit_sha;
      if (!pr.merged || !sha || pr.base.ref !== pr.base.repo.default_branch) return;
      const cu = ctx.settings;
      const defaultNamespace = ctx.prowConfig.prowjob_namespace || 'default';
      const changes = await ctx.github.getPullRequestChanges(ctx.org, ctx.repo, pr.number);
      const plan = new Map<string, Planned>();
      const contents = new Map<string, Buffer>();
      const add = (id: ConfigMapId, u: ConfigMapUpdate): void => {
        const k = idString(id);
        let p = plan.get(k);
        if (!p) plan.set(k, (p = { id, updates: [] }));
        p.updates.push(u);
      };
      for (const change of changes) {
        const spec = specFor(cu, change.filename);
        if (!spec || !repoAllowed(spec, ctx.org, ctx.repo)) continue;
        const key = keyFor(spec, change.filename);
        const removed = change.status === 'removed';
        if (!removed && !contents.has(change.filename)) {
          const content = await ctx.github.getFile(ctx.org, ctx.repo, change.filename, sha);
          if (content === undefined) throw new Error(`${change.filename} is not in ${ctx.org}/${ctx.repo} at ${sha}`);
          contents.set(change.filename, content);
        }
        for (const [cluster, namespaces] of targetsOf(cu, spec)) {
          for (const ns of namespaces) {
            const namespace = ns || defaultNamespace;
            if (change.status === 'renamed' && change.previous_filename && !spec.key) {
              const oldKey = keyFor(spec, change.previous_filename);
              add({ cluster, namespace, name: mapNameFor(spec, oldKey) }, { key: oldKey });
            }
            const id = { cluster, namespace, name: mapNameFor(spec, key) };
            if (removed) add(id, { key });
            else add(id, { key, file: change.filename, content: contents.get(change.filename)!, gzip: spec.gzip ?? cu.gzip ?? false });
          }
        }
      }
      if (plan.size === 0) return;
      const reply = (msg: string): Promise<unknown> => ctx.github.createComment(ctx.org, ctx.repo, pr.number, formatResponseRaw(pr.body ?? '', pr.html_url, pr.user.login, msg));

      // Everything is checked before anything is written.
      const problems = [...contents].map(([file, content]) => yamlProblem(file, content)).filter((p): p is string => p !== undefined);
      if (problems.length > 0) {
        ctx.logger.warn('config-updater: not updating ConfigMaps: a file is not valid YAML', { problems });
        await reply(`I did not update any configmap, because ${problems.length === 1 ? 'a file is' : 'files are'} not valid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
        return;
      }
      const writer = ctx.services.configMaps;
      if (!writer) throw new Error('config-updater: this process has no ConfigMap writer; nothing was updated');

      const updated: Planned[] = [];
      const errors: string[] = [];
      for (const p of plan.values()) {
        try {
          await writer.apply(p.id, p.updates, sha);
          updated.push(p);
          ctx.logger.info('config-updater: updated ConfigMap', { configmap: idString(p.id), keys: p.updates.map((u) => u.key), target: writer.target });
        } catch (e) {
          errors.push(`${idString(p.id)}: ${(e as Error).message}`);
          ctx.logger.error('config-updater: cannot update ConfigMap', { configmap: idString(p.id), error: e });
        }
      }
      const indent = plan.size > 1 ? '   ' : ' ';
      let msg = '';
      if (updated.length === 1) msg = `Updated the ${describeUpdate(updated[0]!, indent)}`;
      else if (updated.length > 1) msg = `Updated the following ${updated.length} configmaps:\n${updated.map((p) => ` * ${describeUpdate(p, indent)}\n`).join('')}`;
      if (errors.length > 0) msg += `${msg ? '\n' : ''}These configmaps could not be updated:\n${errors.map((e) => ` * ${e}`).join('\n')}`;
      await reply(msg);
    },
  },
});
