/**
 * How values from outside (the spec, a file, an API server's answer) are shown in a
 * one-line message: escaped, capped, never a terminal control sequence.
 */

/**
 * A control character: C0 (newline, tab, ESC, NUL ...), DEL, C1, the Unicode line and
 * paragraph separators, and the bidirectional formatting marks that make text display
 * in another order than it runs ("Trojan Source"). None belongs in a name, path,
 * address or context.
 */
export const CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** The longest string (in characters) that an error message echoes whole. */
export const ECHO_MAX = 80;

/**
 * `value` as an error message shows it: JSON-quoted (so control characters appear as
 * `\n`, `\u001b`), a string longer than `max` cut with its length said, a non-finite
 * number by name (YAML's `.inf` / `.nan`; JSON would say `null`).
 */
export function echoValue(value: unknown, max = ECHO_MAX): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? '.nan (not a number)' : `${value < 0 ? '-' : ''}.inf (an infinite number; YAML reads 1e400 as .inf)`;
  }
  if (typeof value === 'string' && value.length > max) {
    return `${json(value.slice(0, max)).slice(0, -1)}..." (${value.length} characters)`;
  }
  if (typeof value === 'bigint') return value.toString();
  const s = json(value);
  return s === undefined ? String(value) : s;
}

/** JSON.stringify, also escaping what it leaves raw: DEL, C1 controls, line separators, bidi marks. */
function json(value: unknown): string {
  return JSON.stringify(value)?.replace(/[\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** ANSI/VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-character ESC sequences. */
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?/g;
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g;

/**
 * Text from outside (an API server's error message) as at most one printable line of
 * at most `max` characters: escape sequences removed, every run of control characters
 * (newlines included) and spaces made one space, cut with "...".
 */
export function printableLine(text: string, max = 200): string {
  const flat = text.slice(0, 64 * 1024).replace(ESCAPE_SEQUENCE, '').replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/**
 * `message` with every JSON-quoted value longer than ECHO_MAX characters cut, so that
 * a check that echoes a value with JSON.stringify still prints one short line.
 */
export function capQuoted(message: string): string {
  return message.replace(QUOTED, (whole: string, inner: string) => (inner.length <= ECHO_MAX ? whole : `"${inner.slice(0, ECHO_MAX).replace(/\\$/, '')}..." (cut, ${inner.length} characters)`));
}
