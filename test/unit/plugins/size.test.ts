// The size plugin's generated-file rules, as upstream's genfiles and gitattributes packages match them.
import { describe, expect, it } from '@jest/globals';
import { sizesOrDefault } from '../../../plugins/size/config.js';
import { isGenerated, linguistGenerated, parseGeneratedFiles } from '../../../plugins/size/generated.js';
import { sizeLabel } from '../../../plugins/size/index.js';

describe('.gitattributes linguist-generated patterns', () => {
  const patterns = linguistGenerated('*.pb.go linguist-generated=true\n/root.txt linguist-generated=true\ndocs/**/*.html linguist-generated=true\nvendor/** linguist-generated=true\nz?.go linguist-generated=true\n*.md text\n');
  const generated = (f: string): boolean => patterns.some((p) => p.match(f));
  it.each([
    ['api/v1/types.pb.go', true], ['types.pb.go', true], ['root.txt', true], ['sub/root.txt', false],
    ['docs/a/b/page.html', true], ['docs/page.html', true], ['other/docs/page.html', false], ['vendor/a/b.go', true],
    ['za.go', true], ['zab.go', false], ['README.md', false],
  ])('%s → %s', (file, want) => expect(generated(file)).toBe(want));

  it('refuses negative and directory patterns, as upstream', () => {
    expect(() => linguistGenerated('!x linguist-generated=true')).toThrow('negative patterns are forbidden: <!x>');
    expect(() => linguistGenerated('dir/ linguist-generated=true')).toThrow('use path/** instead');
  });
});

describe('.generated_files', () => {
  it('matches paths, file names, path and file prefixes; a bad line stops parsing there', () => {
    const p = parseGeneratedFiles('path-prefix vendor/\nfile-name BUILD.gen\nfile-prefix zz_\nbogus line here\nfile-name never\n');
    expect(p.badLine).toBe('bogus line here');
    expect(['vendor/x.go', 'a/BUILD.gen', 'a/zz_x.go', 'a/never', 'src/x.go'].map((f) => isGenerated(p.group, f))).toEqual([true, true, true, false, false]);
  });
});

describe('thresholds', () => {
  it('defaults each threshold left at 0 and buckets as upstream', () => {
    const s = sizesOrDefault({ s: 5 });
    expect(s).toEqual({ s: 5, m: 30, l: 100, xl: 500, xxl: 1000 });
    expect([0, 4, 5, 29, 30, 99, 100, 499, 500, 999, 1000].map((n) => sizeLabel(n, s))).toEqual(
      ['size/XS', 'size/XS', 'size/S', 'size/S', 'size/M', 'size/M', 'size/L', 'size/L', 'size/XL', 'size/XL', 'size/XXL']);
  });
});
