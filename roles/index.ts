// Every role of the `prow` executable. Adding a role is adding its folder and one line here.
import type { Role } from '../src/runtime/role.js';
import { controllerManager } from './controller-manager/index.js';

export const ROLES: readonly Role[] = [controllerManager];
