// Every `prow <subcommand>`. Adding one is adding its module and one line here.
import type { Subcommand } from './subcommand.js';
import { phony } from './phony.js';
import { checkconfig } from './checkconfig.js';

export const SUBCOMMANDS: readonly Subcommand[] = [
  phony,
  checkconfig,
];
