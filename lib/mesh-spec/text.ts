import * as YAML from 'yaml';
import { SpecIssue } from '../errors';
import { CONTROL_CHAR, echoValue } from '../names/text';

/*
 * Checks of a spec file's bytes and of the plain tree YAML made of them, before the
 * field-by-field validation in parse.ts: what no field may hold, said once.
 */

/** Deeper than this is not a Mesh spec (the deepest field today is about 6 levels down). */
export const MAX_SPEC_DEPTH = 32;
/** The longest string any spec field may hold (a path is at most 4096 bytes on Linux). */
export const MAX_SPEC_STRING = 4096;

/**
 * The most YAML tokens (scalars, indicators, line breaks...) a spec may hold. A mesh of
 * a hundred clusters is about 10 000; the yaml parser takes seconds and gigabytes for a
 * few million, so a larger file is refused after a cheap lexer pass.
 */
export const MAX_SPEC_TOKENS = 100_000;

const TOO_MANY_TOKENS: SpecIssue = {
  path: '(file)',
  message: `holds more than ${MAX_SPEC_TOKENS} YAML tokens; a Mesh spec has a few thousand: is this the right file? (a list of millions of items is refused before it is parsed)`,
};

/** Thrown out of the token stream when it passes MAX_SPEC_TOKENS. */
class TooManyTokens extends Error {}

/**
 * `YAML.parseAllDocuments(text, options)` with the tokens counted as the lexer makes them:
 * the issue when `text` holds more than MAX_SPEC_TOKENS YAML tokens (the parse stops there,
 * before its nodes grow), else the documents. One lexer pass, the parser's own.
 */
export function parseYamlDocuments(text: string, options: YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions & { lineCounter: YAML.LineCounter }): YAML.Document.Parsed[] | SpecIssue {
  const parser = new YAML.Parser(options.lineCounter.addNewLine);
  function* tokens(): Generator<YAML.CST.Token> {
    options.lineCounter.addNewLine(0); // as Parser.parse does for a new stream
    let n = 0;
    for (const lexeme of new YAML.Lexer().lex(text)) {
      if (++n > MAX_SPEC_TOKENS) throw new TooManyTokens();
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  try {
    return Array.from(new YAML.Composer(options).compose(tokens()));
  } catch (e) {
    if (e instanceof TooManyTokens) return TOO_MANY_TOKENS;
    throw e;
  }
}

/**
 * The spec file's bytes as text, or the one issue that says why they are not UTF-8
 * YAML: UTF-16 or UTF-32 (with or without a byte order mark), NUL bytes, invalid UTF-8.
 * A UTF-8 byte order mark is dropped.
 */
export function decodeSpecBytes(buf: Buffer): string | SpecIssue {
  const convert = (enc: string) => ({
    path: '(file)',
    message: `is ${enc} text; meshgen reads UTF-8: convert it, e.g. iconv -f ${enc} -t UTF-8 mesh.yaml > mesh.utf8.yaml`,
  });
  if (buf.length >= 4 && ((buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) || (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff))) {
    return convert('UTF-32');
  }
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return convert('UTF-16');
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    // ASCII written as UTF-16 has a NUL in every other byte.
    const head = buf.subarray(0, Math.min(buf.length, 256));
    let odd = 0;
    let even = 0;
    head.forEach((b, i) => { if (b === 0) { if (i % 2) odd++; else even++; } });
    if (Math.max(odd, even) >= head.length / 4) return convert(odd > even ? 'UTF-16LE' : 'UTF-16BE');
    return { path: '(file)', message: `holds a NUL byte at offset ${nul}: it is not a text file; give the Mesh YAML file` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return { path: '(file)', message: 'is not valid UTF-8 text; save it as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8 mesh.yaml > mesh.utf8.yaml)' };
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `parent` + `key` as a spec path: `spec.clusters`, `spec.clusters[0]`, `spec["bad key"]`, `(document)[""]`. */
export function child(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  // A long key is cut inside the quotes, so the path stays `parent["..."]` (annotation keys reach 60 characters and more).
  const k = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : `[${echoValue(key.length > 80 ? `${key.slice(0, 80)}...` : key, 90)}]`;
  if (!parent) return k.startsWith('[') ? `(document)${k}` : k;
  return k.startsWith('[') ? `${parent}${k}` : `${parent}.${k}`;
}

/**
 * The first thing in the tree that no field may hold, or undefined: nesting deeper
 * than MAX_SPEC_DEPTH, a key or string with a control character (a newline, ESC,
 * NUL: it would break the one-line messages and the commands meshgen prints), a
 * string longer than MAX_SPEC_STRING. Iterative, so no input exhausts the stack.
 */
export function checkSpecTree(root: unknown): SpecIssue | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    const where = path || '(document)';
    if (typeof value === 'string') {
      const issue = checkString(where, value);
      if (issue) return issue;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const tagged = taggedKind(value);
    if (tagged) {
      return { path: where, message: `is ${tagged}; a Mesh spec holds only plain YAML mappings, lists, strings, numbers and booleans: write the value out` };
    }
    if (depth >= MAX_SPEC_DEPTH) {
      return { path: where, message: `nests deeper than ${MAX_SPEC_DEPTH} levels; a Mesh spec is a few levels deep: remove the nesting (see the examples/ specs)` };
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value);
    // Pushed in reverse: the first problem in document order is reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i];
      if (typeof key === 'string') {
        const issue = checkString(child(path, key), key, 'key');
        if (issue) return issue;
      }
      stack.push({ value: v, path: child(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}

/** What a YAML tag made of a value that is not a plain mapping or list, or undefined. */
function taggedKind(value: object): string | undefined {
  if (Array.isArray(value)) return undefined;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return undefined;
  if (value instanceof Uint8Array) return 'binary data (a YAML !!binary value)';
  if (value instanceof Set) return 'a set (a YAML !!set value)';
  if (value instanceof Map) return 'an ordered map (a YAML !!omap or !!pairs value)';
  if (value instanceof Date) return 'a timestamp';
  return `a ${proto?.constructor?.name ?? 'tagged'} value`;
}

function checkString(path: string, s: string, what = 'value'): SpecIssue | undefined {
  if (s.length > MAX_SPEC_STRING) {
    return { path, message: `${echoValue(s)} is too long for any field (over ${MAX_SPEC_STRING} characters); give the real ${what}` };
  }
  const m = CONTROL_CHAR.exec(s);
  if (m) {
    const code = m[0].charCodeAt(0);
    const name = code === 10 ? 'a newline' : code === 13 ? 'a carriage return' : code === 9 ? 'a tab' : code === 27 ? 'an escape (ESC)' : `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      path,
      message: `${echoValue(s)} holds ${name} at position ${m.index + 1}; no ${what} in a Mesh spec may hold control characters (it would end up in printed commands and one-line messages): remove it`,
    };
  }
  return undefined;
}

/** The most nodes YAML aliases may expand to (yaml's guard against alias bombs). */
export const MAX_ALIAS_COUNT = 100;

/** Why yaml could not build the tree, as the rest of an issue line. */
export function yamlFailure(e: unknown): string {
  const msg = String((e as Error)?.message ?? e);
  const unresolved = /^Unresolved alias.*: (.*)$/.exec(msg);
  if (unresolved) return `the YAML alias *${unresolved[1].slice(0, 40)} has no anchor &${unresolved[1].slice(0, 40)} before it; define the anchor first or write the value out`;
  if (/Excessive alias count/.test(msg)) return `its YAML aliases expand to too many nodes (over ${MAX_ALIAS_COUNT} aliases: an alias bomb?); write the values out or use fewer aliases`;
  if (e instanceof RangeError) return `nests too deep for a YAML parser; a Mesh spec is a few levels deep: remove the nesting`;
  throw e;
}
