// The external plugins (needs-rebase, cherrypicker, refresh) are not in plugins.yaml's `plugins` registry, but
// their help must render as the in-tree plugins' does, and their examples must be matched by their own commands.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createCherrypicker } from '../../../plugins/cherrypicker/index.js';
import { createNeedsRebase } from '../../../plugins/needs-rebase/index.js';
import { refresh } from '../../../plugins/refresh/index.js';
import { commandText, matchAll } from '../../../plugins/shared/commands.js';
import { KNOWN_PLUGIN_NAMES } from '../../../plugins/index.js';
import { ROLES } from '../../../roles/index.js';

const EXTERNAL = [
  createNeedsRebase(),
  createCherrypicker({ workDir: path.join(os.tmpdir(), 'cherrypicker-help'), cloneURI: (o, r) => `https://github.com/${o}/${r}.git`, gitAuthorization: async () => undefined }),
  refresh,
];

describe('external plugins', () => {
  it.each(EXTERNAL.map((p) => [p.name, p] as const))('%s is a role of its own name, not an in-tree plugin', (name) => {
    expect(ROLES.map((r) => r.name)).toContain(name);
    expect(KNOWN_PLUGIN_NAMES).not.toContain(name);
  });

  it.each(EXTERNAL.map((p) => [p.name, p] as const))('%s renders help on an empty config', (_name, p) => {
    const help = p.help({}, ['org']);
    expect(help.Description.length).toBeGreaterThan(0);
    expect(help.Events?.length).toBeGreaterThan(0);
  });

  it.each(EXTERNAL.map((p) => [p.name, p] as const))('every help example of %s is matched by its own command table', (_name, p) => {
    for (const c of p.commands) {
      expect(c.examples.length).toBeGreaterThan(0);
      for (const ex of c.examples) expect([ex, matchAll(c.regex, commandText(ex)).length > 0]).toEqual([ex, true]);
    }
  });
});
