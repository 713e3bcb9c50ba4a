import { describe, expect, it } from '@jest/globals';
import { CHECKCONFIG_SEMI_SPACE_MIB, HOOK_SEMI_SPACE_MIB, heldSemiSpaceMiB, holdYoungGenerationAt, letYoungGenerationGrow, rolesInArgv, runsHookAlone } from '../../../src/runtime/young-generation.js';

describe('the roles named on the command line, before the program parses it', () => {
  it('reads --role=a,b, --role a and repeated flags', () => {
    expect(rolesInArgv(['node', 'main.js', '--role=hook,tide', '--data-dir', 'x', '--role', 'deck'])).toEqual(['hook', 'tide', 'deck']);
    expect(rolesInArgv(['node', 'main.js', 'checkconfig', '--config-path', 'c.yaml'])).toEqual([]);
  });

  it('tells a hook on its own from a hook sharing the process', () => {
    expect(runsHookAlone(['node', 'main.js', '--role=hook', '--hook-port=1'])).toBe(true);
    expect(runsHookAlone(['node', 'main.js', '--role', 'hook'])).toBe(true);
    expect(runsHookAlone(['node', 'main.js', '--role=hook,deck'])).toBe(false);
    expect(runsHookAlone(['node', 'main.js', '--role=all'])).toBe(false);
    expect(runsHookAlone(['node', 'main.js'])).toBe(false);
  });

  it('holds the young generation of a hook on its own and of checkconfig, and of nothing else', () => {
    expect(heldSemiSpaceMiB(['node', 'main.js', '--role=hook'])).toBe(HOOK_SEMI_SPACE_MIB);
    expect(heldSemiSpaceMiB(['node', 'main.js', 'checkconfig', '--config-path=c.yaml'])).toBe(CHECKCONFIG_SEMI_SPACE_MIB);
    expect(heldSemiSpaceMiB(['node', 'main.js', '--role=hook,deck'])).toBeUndefined();
    expect(heldSemiSpaceMiB(['node', 'main.js', 'mkpj', '--job=checkconfig'])).toBeUndefined();
    expect(heldSemiSpaceMiB(['node', 'main.js', '--role=tide'])).toBeUndefined();
  });
});

describe('letting the young generation grow once handling falls behind', () => {
  it('undoes holdYoungGenerationAt once, and does nothing in a process that never held it', () => {
    expect(letYoungGenerationGrow()).toBe(false);
    holdYoungGenerationAt(HOOK_SEMI_SPACE_MIB);
    expect(letYoungGenerationGrow()).toBe(true);
    expect(letYoungGenerationGrow()).toBe(false);
  });
});
