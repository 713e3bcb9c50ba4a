// Every `prow <subcommand>`. Adding one is adding its module and one line here.
import type { Subcommand } from './subcommand.js';
import { phony } from './phony.js';
import { checkconfig } from './checkconfig.js';
import { mkpj } from './mkpj.js';
import { clonerefs } from './clonerefs.js';
import { entrypoint } from './entrypoint.js';
import { initupload } from './initupload.js';
import { sidecar } from './sidecar.js';
import { mkpod } from './mkpod.js';
import { branchprotector } from './branchprotector/index.js';
import { hmac } from './hmac/index.js';
import { invitationsAccepter } from './invitations-accepter.js';
import { configBootstrapper } from './config-bootstrapper.js';
import { peribolos } from './peribolos/index.js';

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
