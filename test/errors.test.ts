import { describeValue, MeshgenError, PkiError, reportError, SchemaError, SpecError } from '../lib/errors';

/** What reportError prints and returns. */
function report(e: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(e, (t) => { text += t; });
  return { code, text };
}

describe('errors', () => {
  test('GIVEN the errors a user can act on THEN each is a MeshgenError with exit 1', () => {
    const errors = [new SpecError([{ path: 'spec.clusters', message: 'is required' }]), new PkiError('root-key.pem: missing'), new SchemaError('dist: directory not found')];
    for (const e of errors) {
      expect(e).toBeInstanceOf(MeshgenError);
      expect(e.exitCode).toBe(1);
    }
    expect(errors.map((e) => e.name)).toEqual(['SpecError', 'PkiError', 'SchemaError']);
  });

  test('GIVEN a PkiError with newlines THEN its message is one line', () => {
    expect(new PkiError('ca-key.pem: does not match\n   ca-cert.pem; restore it', 'ca-key.pem').message).toBe('ca-key.pem: does not match ca-cert.pem; restore it');
  });

  test('GIVEN a MeshgenError THEN reportError prints each line of its message, no stack, and returns its exit code', () => {
    expect(report(new SpecError([{ path: 'a', message: 'x' }, { path: 'b', message: 'y' }], 'mesh.yaml'))).toEqual({ code: 1, text: 'mesh.yaml: a: x\nmesh.yaml: b: y\n' });
    expect(report(new MeshgenError('--out dist: is a file', 2))).toEqual({ code: 2, text: '--out dist: is a file\n' });
  });

  test('GIVEN an unexpected error (a bug) THEN reportError prints its stack and returns 70', () => {
    const bug = new TypeError('x is undefined');
    const { code, text } = report(bug);
    expect(code).toBe(70);
    expect(text).toMatch(/^meshgen: internal error \(please report it\): TypeError: x is undefined\n\s+at /);
    expect(report('thrown string')).toEqual({ code: 70, text: 'meshgen: internal error (please report it): thrown string\n' });
  });

  test('THEN describeValue names what was given', () => {
    expect([[1], {}, null, 3, 'x', true].map(describeValue)).toEqual(['a list', 'a mapping', 'null', 'number 3', 'string "x"', 'boolean true']);
  });
});
