import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/*
 * `tsc -p tsconfig.json` of several copies of one app (same tsconfig, each with its own
 * node_modules), in this process: one TypeScript program per app, as tsc builds it, with the
 * same diagnostics tsc reports, and build/ emitted as tsc emits it.
 *
 * What the copies share is parsed and checked once: a file outside every app directory
 * (TypeScript's lib, @types/node, the linked dependencies) is the same SourceFile in each
 * program (one CompilerHost cache, as the language service shares files between projects),
 * and its check is not repeated where it cannot differ. A file's diagnostics depend on the
 * compiler options, the file, the files it imports and the global scope. The shared files
 * import only shared files (they lie outside the apps, so no import of theirs resolves into
 * one); so the check of a shared file that was clean in the first app is skipped in a later
 * one with the same tsconfig.json and the same shared files, when no file of either app adds
 * to the global scope (a script, `declare global`, `declare module "x"`, `export as
 * namespace`). Otherwise every file is checked.
 */

/** One app's result: tsc's diagnostics (formatted; none when it type-checks) and how many files' checks it shared. */
export interface AppCheck {
  readonly dir: string;
  readonly diagnostics: string[];
  readonly files: number;
  readonly sharedChecks: number;
}

/** Formats as tsc run in dir does (paths relative to it). */
function formatIn(dir: string): ts.FormatDiagnosticsHost {
  return { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' };
}

/** Whether a file adds to the global scope (then the shared files' checks may differ between apps). */
function addsGlobals(sf: ts.SourceFile): boolean {
  if (!ts.isExternalModule(sf)) return true;
  return sf.statements.some((s) => ts.isNamespaceExportDeclaration(s)
    || (ts.isModuleDeclaration(s) && (ts.isStringLiteral(s.name) || (s.flags & ts.NodeFlags.GlobalAugmentation) !== 0)));
}

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Type-checks and emits each app (a directory with tsconfig.json) in turn, as `tsc -p tsconfig.json` there. */
export function typecheckApps(dirs: string[]): AppCheck[] {
  const cache = new Map<string, ts.SourceFile | undefined>();
  /** The first app's tsconfig.json, its shared files and those it checked clean (none when its own files add globals). */
  let earlier: { tsconfig: string; shared: Set<ts.SourceFile>; clean: Set<ts.SourceFile> } | undefined;
  // real paths: TypeScript names the files it resolves in node_modules by their real path
  const apps = dirs.map((d) => fs.realpathSync(d));
  return dirs.map((d) => path.resolve(d)).map((dir) => {
    const tsconfig = fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8');
    const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.formatDiagnostic(d, formatIn(dir))); },
    })!;
    const host = ts.createCompilerHost(config.options);
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors; // as tsc's own host (executeCommandLine)
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, fresh) => {
      const o = typeof languageVersion === 'object' ? languageVersion : { languageVersion };
      const key = `${o.languageVersion}|${o.impliedNodeFormat}|${fileName}`;
      if (!fresh && cache.has(key)) return cache.get(key);
      const sf = read(fileName, languageVersion, onError, fresh);
      cache.set(key, sf);
      return sf;
    };
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config) });
    const files = program.getSourceFiles();
    const shared = new Set(files.filter((sf) => !apps.some((a) => inside(a, sf.fileName))));
    const ownGlobals = files.some((sf) => !shared.has(sf) && addsGlobals(sf));
    const same = earlier !== undefined && earlier.tsconfig === tsconfig
      && earlier.shared.size === shared.size && [...shared].every((sf) => earlier!.shared.has(sf));
    const skip = same && !ownGlobals ? earlier!.clean : new Set<ts.SourceFile>();

    // tsc's order (emitFilesAndReportErrors): config, syntax, options, global, then semantic diagnostics
    const diagnostics: ts.Diagnostic[] = [...program.getConfigFileParsingDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    const clean = new Set<ts.SourceFile>();
    for (const sf of files) {
      if (skip.has(sf)) continue;
      const found = program.getSemanticDiagnostics(sf);
      diagnostics.push(...found);
      if (found.length === 0 && shared.has(sf)) clean.add(sf);
    }
    // emit the app's own files only (a whole-program emit would check every file again, shared ones too)
    for (const root of config.fileNames) diagnostics.push(...program.emit(program.getSourceFile(root)).diagnostics);
    if (!earlier) earlier = { tsconfig, shared, clean: ownGlobals ? new Set() : clean };
    return {
      dir,
      diagnostics: ts.sortAndDeduplicateDiagnostics(diagnostics).map((d) => ts.formatDiagnostic(d, formatIn(dir)).trim()),
      files: files.length,
      sharedChecks: skip.size,
    };
  });
}
