import { capQuoted, echoValue, printableLine } from '../../lib/names/text';

describe('echoValue', () => {
  test('GIVEN non-finite numbers THEN they are named as YAML writes them, not null', () => {
    expect(echoValue(Infinity)).toBe('.inf (an infinite number; YAML reads 1e400 as .inf)');
    expect(echoValue(-Infinity)).toMatch(/^-\.inf /);
    expect(echoValue(NaN)).toBe('.nan (not a number)');
    expect(echoValue(42)).toBe('42');
  });

  test('GIVEN a long string THEN it is cut with its length said', () => {
    expect(echoValue('x'.repeat(10_000_000))).toBe(`"${'x'.repeat(80)}..." (10000000 characters)`);
  });

  test('GIVEN control characters THEN every one is escaped, including those JSON leaves raw', () => {
    expect(echoValue('a\nb\u001b\u0085\u2028\u007f')).toBe('"a\\nb\\u001b\\u0085\\u2028\\u007f"');
  });
});

describe('printableLine', () => {
  test('GIVEN multi-line text with terminal escapes THEN one printable line remains', () => {
    expect(printableLine('\u001b[31mred\u001b[0m\r\nnext\tline\u001b]0;title\u0007 end\u009b2J')).toBe('red next line end');
  });

  test('GIVEN 5 MB THEN at most max characters, ending in ...', () => {
    const line = printableLine('y'.repeat(5 * 1024 * 1024), 200);
    expect(line).toHaveLength(200);
    expect(line.endsWith('...')).toBe(true);
  });
});

describe('capQuoted', () => {
  test('GIVEN a message echoing a long value between short ones THEN only the long one is cut', () => {
    const long = 'n'.repeat(500);
    expect(capQuoted(`"a" and "${long}" or "b"`)).toBe(`"a" and "${'n'.repeat(80)}..." (cut, 500 characters) or "b"`);
  });
});
