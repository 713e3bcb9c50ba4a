// README facts a new user relies on: the Roles table says what each role is (not benchmark figures) and lists
// exactly the roles `prow roles` has; `bin/prow` runs the built binary.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { ROLES } from '../../../roles/index.js';

const readme = readFileSync('README.md', 'utf8');

function rolesTable(): { role: string; upstream: string; what: string }[] {
  const start = readme.indexOf('\n## Roles');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return section.split('\n').filter((l) => /^\| `[a-z-]+` \|/.test(l)).map((l) => {
    const [role = '', upstream = '', what = ''] = l.split('|').slice(1, 4).map((c) => c.trim());
    return { role: role.replace(/`/g, ''), upstream, what };
  });
}

describe('README', () => {
  it('has one Roles row per role, naming its upstream component and what it does', () => {
    const rows = rolesTable();
    expect(rows.map((r) => r.role).sort()).toEqual(ROLES.map((r) => r.name).sort());
    for (const r of rows) {
      expect({ role: r.role, upstream: /\d/.test(r.upstream), what: /\d+(\.\d+)? ?(ms|MiB|\/s)\b/.test(r.what) }).toEqual({ role: r.role, upstream: false, what: false });
      expect(r.what.length).toBeGreaterThan(20);
    }
  });

  it('ships bin/prow as an executable', () => {
    expect(statSync('bin/prow').mode & 0o111).toBe(0o111);
    expect(readFileSync('bin/prow', 'utf8')).toContain('dist/src/cli/main.js');
  });
});
