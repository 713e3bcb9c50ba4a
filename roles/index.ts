// Every role of the `prow` executable. Adding a role is adding its folder and one line here. A folder's index.ts only
// declares its role (name, flags, ports; flags that the code beside them reads too live in its flags.ts) and imports
// ./start.js when the role starts, so every process lists all roles and their flags but loads only the roles it runs
// (test/e2e/role-modules.test.ts checks it).
import type { Role } from '../src/runtime/role.js';
import { controllerManager } from './controller-manager/index.js';
import { crier } from './crier/index.js';
import { deck } from './deck/index.js';
import { ghproxy } from './ghproxy/index.js';
import { hook } from './hook/index.js';
import { horologium } from './horologium/index.js';
import { sinker } from './sinker/index.js';
import { tide } from './tide/index.js';
import { statusReconciler } from './status-reconciler/index.js';
import { exporter } from './exporter/index.js';
import { gangway } from './gangway/index.js';
import { needsRebase } from './needs-rebase/index.js';
import { cherrypicker } from './cherrypicker/index.js';
import { refresh } from './refresh/index.js';

export const ROLES: readonly Role[] = [hook, controllerManager, crier, horologium, sinker, tide, deck, statusReconciler, exporter, gangway, needsRebase, cherrypicker, refresh, ghproxy];
