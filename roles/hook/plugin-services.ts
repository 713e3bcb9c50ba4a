// What the hook gives plugins besides GitHub: Slack (slackevents) when --slack-token-file is set, and a ConfigMap
// writer for config-updater: files under <data-dir>/configmaps/<namespace>/<name>/ with the file ProwJob store
// (all-in-one), the Kubernetes API of every --kubeconfig context otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RoleContext } from '../../src/runtime/role.js';
import { FileConfigMapWriter, KubeConfigMapWriter } from '../../src/kube/configmaps.js';
import { kubeOptionsFromFlags } from '../../src/kube/config.js';
import { DEFAULT_SLACK_API, SlackClient } from '../../src/report/slack.js';
import { registerSecret } from '../../src/runtime/logger.js';
import type { FlagSpec } from '../../src/runtime/flags.js';
import type { PluginServices } from '../../plugins/types.js';

export const PLUGIN_SERVICE_FLAGS: FlagSpec[] = [
  { name: 'slack-token-file', type: 'string', description: 'Path to the file holding the Slack OAuth access token', placeholder: 'PATH' },
  { name: 'slack-endpoint', type: 'string', description: 'Slack Web API base URL', default: DEFAULT_SLACK_API, placeholder: 'URL' },
];

/** Where config-updater writes in all-in-one mode. */
export function configMapsDir(dataDir: string): string {
  return path.join(dataDir, 'configmaps');
}

export async function pluginServices(ctx: RoleContext): Promise<PluginServices> {
  const services: PluginServices = {};
  const tokenFile = ctx.flags.string('slack-token-file');
  if (tokenFile) {
    // Read at each message, so a rotated token is used without a restart.
    const token = (): string => {
      const t = readFileSync(tokenFile, 'utf8').trim();
      registerSecret(t);
      return t;
    };
    token();
    const client = new SlackClient(token, ctx.flags.string('slack-endpoint') ?? DEFAULT_SLACK_API);
    services.slack = { writeMessage: (text, channel) => client.writeMessage(text, channel) };
  }
  if ((ctx.flags.string('prowjob-store') ?? 'file') === 'file') {
    services.configMaps = new FileConfigMapWriter(configMapsDir(ctx.dataDir), ctx.metrics);
  } else {
    const { loadKubeClusters } = await import('../../src/kube/clusters.js');
    services.configMaps = new KubeConfigMapWriter(loadKubeClusters(kubeOptionsFromFlags(ctx.flags)).clusters, ctx.metrics);
  }
  return services;
}
