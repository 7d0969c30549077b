import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/corpus.js';

/**
 * The public API documents itself: every function and class the package root exports has TSDoc
 * with an `@example`, every constant has TSDoc (read with the TypeScript compiler, as an editor
 * shows them).
 */
describe('the root API’s TSDoc', () => {
  it('every exported function and class has a description and an @example; every constant a description', () => {
    const file = join(ROOT, 'src', 'index.ts');
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
    });
    const checker = program.getTypeChecker();
    const mod = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    const missing: string[] = [];
    let checked = 0;
    for (const s of checker.getExportsOfModule(mod)) {
      const t = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      const callable = (t.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class)) !== 0;
      if (!callable && !(t.flags & ts.SymbolFlags.Variable)) continue;
      checked++;
      const doc = ts.displayPartsToString(t.getDocumentationComment(checker)).trim();
      const example = t.getJsDocTags(checker).some((x) => x.name === 'example');
      if (doc === '') missing.push(`${s.name}: no description`);
      else if (callable && !example) missing.push(`${s.name}: no @example`);
    }
    expect(checked).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });
});
