import { describe, expect, it } from '@jest/globals';
import { keepYoungGenerationSmall, letYoungGenerationGrow, rolesInArgv, runsHookAlone, startsWithSmallYoungGeneration } from '../../../src/runtime/young-generation.js';

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

  it('starts a hook on its own and checkconfig with a small young generation, and nothing else', () => {
    expect(startsWithSmallYoungGeneration(['node', 'main.js', '--role=hook'])).toBe(true);
    expect(startsWithSmallYoungGeneration(['node', 'main.js', 'checkconfig', '--config-path=c.yaml'])).toBe(true);
    expect(startsWithSmallYoungGeneration(['node', 'main.js', '--role=hook,deck'])).toBe(false);
    expect(startsWithSmallYoungGeneration(['node', 'main.js', 'mkpj', '--job=checkconfig'])).toBe(false);
    expect(startsWithSmallYoungGeneration(['node', 'main.js', '--role=tide'])).toBe(false);
  });
});

describe('letting the young generation grow once handling falls behind', () => {
  it('undoes keepYoungGenerationSmall once, and does nothing in a process that never kept it small', () => {
    expect(letYoungGenerationGrow()).toBe(false);
    keepYoungGenerationSmall();
    expect(letYoungGenerationGrow()).toBe(true);
    expect(letYoungGenerationGrow()).toBe(false);
  });
});
