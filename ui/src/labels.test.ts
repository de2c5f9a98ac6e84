// One test for every label set the window shows: the shared one (src/lib/i18n.ts) and each
// screen's labels.ts, found by file name, so a new screen's labels are checked without an edit
// here. Dutch must have exactly the English keys, no label may be empty, and a label that is a
// function must use, in both languages, every argument it is given.
import { describe, expect, it } from 'vitest';

type Module = Record<string, unknown>;

const modules = {
  ...import.meta.glob<Module>('./lib/i18n.ts', { eager: true }),
  ...import.meta.glob<Module>('./screens/*/labels.ts', { eager: true }),
};

/** The label sets a module exports: each export that holds exactly an `en` and an `nl` object. */
function labelSets(module: Module): [string, { en: object; nl: object }][] {
  return Object.entries(module).flatMap(([name, value]) => {
    if (typeof value !== 'object' || value === null) return [];
    const { en, nl, ...rest } = value as Record<string, unknown>;
    const isSet = typeof en === 'object' && en !== null && typeof nl === 'object' && nl !== null;
    return isSet && Object.keys(rest).length === 0 ? [[name, { en, nl }]] : [];
  });
}

/** Every label of a set as [dotted path, value], nested groups flattened. */
function leaves(o: object, prefix = ''): [string, unknown][] {
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]): [string, unknown][] =>
    typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );
}

/** The dotted paths of a set's labels, sorted. */
function keys(labels: object): string[] {
  return leaves(labels)
    .map(([k]) => k)
    .sort();
}

/** What a label shows, and which arguments it leaves out: a function is called with one
 * distinct marker per parameter of the English label (`arity`). */
function shown(value: unknown, arity: number): { text: string; missing: string[] } {
  if (typeof value !== 'function') return { text: String(value), missing: [] };
  const markers = Array.from({ length: arity }, (_, i) => `«arg${i}»`);
  const text = String((value as (...args: string[]) => unknown)(...markers));
  return { text, missing: markers.filter((m) => !text.includes(m)) };
}

describe('labels', () => {
  it('finds the shared labels and the screens’ labels', () => {
    expect(Object.keys(modules)).toContain('./lib/i18n.ts');
    expect(Object.keys(modules).length).toBeGreaterThan(1);
  });

  for (const [path, module] of Object.entries(modules)) {
    it(`${path}: Dutch has exactly the English keys, and every label shows something`, () => {
      const sets = labelSets(module);
      expect(sets, `${path} exports no {en, nl} label set`).not.toEqual([]);
      for (const [name, set] of sets) {
        expect(keys(set.nl), `${path} ${name}`).toEqual(keys(set.en));
        const english = new Map(leaves(set.en));
        for (const [lang, labels] of Object.entries(set)) {
          for (const [key, value] of leaves(labels)) {
            const where = `${path} ${name}.${lang}.${key}`;
            const model = english.get(key);
            const { text, missing } = shown(value, typeof model === 'function' ? model.length : 0);
            expect(text.trim(), where).not.toBe('');
            expect(missing, `${where} leaves out arguments`).toEqual([]);
          }
        }
      }
    });
  }
});
