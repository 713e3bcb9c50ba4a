// `node --import=<this file>`: appends the URL of every module the process resolves to the file named by
// $PROW_MODULE_LOG, one a line, so a test can tell which modules a process loaded (see module-log-hooks.mjs).
import { register } from 'node:module';

register('./module-log-hooks.mjs', import.meta.url);
