import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rewriteCytoscape } from '../../build/frozen-prototype';

describe('the Cytoscape rewrite for frozen prototypes', () => {
  it('finds each spot once in the installed Cytoscape and leaves no plain assignment of toString', () => {
    const source = readFileSync('node_modules/cytoscape/dist/cytoscape.esm.mjs', 'utf8');
    const out = rewriteCytoscape(source);
    expect(out).not.toContain('Object.assign.bind(Object)');
    expect(out).not.toContain('f.toString = function');
    expect(out).toContain("Object.defineProperty(f, 'toString'");
  });
  it('fails loudly when a spot is missing, so a new release is looked at', () => {
    expect(() => rewriteCytoscape('var x = 1;')).toThrow(/expected one/);
  });
});
