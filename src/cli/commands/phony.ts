// `prow phony`'s options; the action is imported when it runs.
import type { Command } from 'commander';
import type { PhonyOptions } from '../phony.js';
import type { Subcommand } from '../subcommand.js';

export const phony: Subcommand = {
  name: 'phony',
  description: 'send a signed fake GitHub webhook to a hook and print the response',
  configure(cmd: Command) {
    cmd
      .option('--address <URL>', 'where to send the fake hook', 'http://localhost:8888/hook')
      .option('--event <NAME>', 'webhook event type to send', 'ping')
      .option('--hmac <TOKEN>', 'HMAC token to sign the payload with', 'abcde12345')
      .option('--hmac-path <FILE>', 'file with the HMAC token (a hook\'s --hmac-secret-file); overrides --hmac')
      .option('--payload <FILE>', 'file with the JSON payload to send (default: {})')
      .action(async (opts: PhonyOptions) => (await import('../phony.js')).phonyAction(opts));
  },
};
