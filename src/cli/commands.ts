// Every `prow <subcommand>`. Adding one is adding its module and one line here. commands/<name>.ts declares a
// subcommand's options (all that --help and parsing need) and imports its implementation when the action runs.
import type { Subcommand } from './subcommand.js';
import { phony } from './commands/phony.js';
import { checkconfig } from './commands/checkconfig.js';
import { mkpj } from './commands/mkpj.js';
import { clonerefs } from './commands/clonerefs.js';
import { entrypoint } from './commands/entrypoint.js';
import { initupload } from './commands/initupload.js';
import { sidecar } from './commands/sidecar.js';
import { mkpod } from './commands/mkpod.js';
import { branchprotector } from './commands/branchprotector.js';
import { hmac } from './commands/hmac.js';
import { invitationsAccepter } from './commands/invitations-accepter.js';
import { configBootstrapper } from './commands/config-bootstrapper.js';
import { peribolos } from './commands/peribolos.js';

export const SUBCOMMANDS: readonly Subcommand[] = [
  phony,
  checkconfig,
  mkpj,
  clonerefs,
  initupload,
  entrypoint,
  sidecar,
  mkpod,
  branchprotector,
  hmac,
  invitationsAccepter,
  configBootstrapper,
  peribolos,
];
