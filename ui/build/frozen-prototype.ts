// Tauri's `freezePrototype` (kept on: see tests/tests/security.rs) freezes Object.prototype and
// Function.prototype. In strict code, assigning a property that a frozen prototype already has
// (`toString`) then throws "Attempted to assign to readonly property", and Cytoscape.js does
// exactly that twice while its module loads: its `extend` copies a `toString` method with
// Object.assign, and its bezier easing sets `f.toString`. This plugin rewrites those two spots
// at bundle time to define the property instead, which a frozen prototype does not forbid.
// Each rewrite must match once, or the build fails: a new Cytoscape release is checked anew.
import type { Plugin } from 'vite';

const rewrites: [string, string][] = [
  [
    'var extend = Object.assign != null ? Object.assign.bind(Object) : function (tgt) {',
    'var extend = function (tgt) {',
  ],
  [
    'tgt[k] = obj[k];',
    'Object.defineProperty(tgt, k, { value: obj[k], writable: true, enumerable: true, configurable: true });',
  ],
  [
    'f.toString = function () {\n    return str;\n  };',
    "Object.defineProperty(f, 'toString', { value: function () {\n    return str;\n  }, writable: true, configurable: true });",
  ],
];

/** The rewritten source of Cytoscape's ES module; throws when a spot is not found exactly once. */
export function rewriteCytoscape(code: string): string {
  let out = code;
  for (const [from, to] of rewrites) {
    const count = out.split(from).length - 1;
    if (count !== 1)
      throw new Error(`frozen-prototype: expected one ${JSON.stringify(from)} in cytoscape, found ${count}`);
    out = out.replace(from, to);
  }
  return out;
}

export function frozenPrototype(): Plugin {
  return {
    name: 'vakt-frozen-prototype',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]cytoscape[\\/]dist[\\/]cytoscape\.esm\.mjs$/.test(id.split('?')[0] ?? '')) return null;
      return { code: rewriteCytoscape(code), map: null };
    },
  };
}
