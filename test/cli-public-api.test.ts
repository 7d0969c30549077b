import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/corpus.js';

/**
 * The CLI is a shell over the public API: every name a file in src/cli imports from the library is
 * one that `mc2-telemetry` or `mc2-telemetry/advanced` exports. The CLI imports each name from the
 * module that defines it rather than through src/advanced.ts, because loading the whole package
 * (Observable Plot, linkedom, arquero, Arrow) takes ~0.6 s where `summarize` needs ~0.15 s
 * (measured with `node -e "await import(…)"`); this test keeps that shortcut from reaching
 * anything internal.
 */
describe('src/cli and the public API', () => {
  it('imports from the library only names that the package exports', () => {
    const cliDir = join(ROOT, 'src', 'cli');
    const cliFiles = readdirSync(cliDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(cliDir, f));
    const advanced = join(ROOT, 'src', 'advanced.ts');
    const program = ts.createProgram([advanced, ...cliFiles], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
    });
    const checker = program.getTypeChecker();
    const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    const advancedModule = checker.getSymbolAtLocation(program.getSourceFile(advanced)!)!;
    const exported = new Set(checker.getExportsOfModule(advancedModule).map(resolve));

    const internal: string[] = [];
    let checked = 0;
    for (const file of cliFiles) {
      const source = program.getSourceFile(file)!;
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement)) continue;
        const from = (statement.moduleSpecifier as ts.StringLiteral).text;
        if (!from.startsWith('../')) continue; // packages and the CLI's own files
        const bindings = statement.importClause?.namedBindings;
        if (!bindings || !ts.isNamedImports(bindings)) {
          internal.push(`${file}: ${from} imported without names`);
          continue;
        }
        for (const el of bindings.elements) {
          const symbol = checker.getSymbolAtLocation(el.name);
          if (!symbol) continue;
          checked++;
          if (!exported.has(resolve(symbol))) {
            internal.push(`src/cli/${file.split('/').pop()}: ${(el.propertyName ?? el.name).text} from ${from}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(internal).toEqual([]);
  });
});
