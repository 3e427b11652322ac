import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from './run-cli';
import { fixturePki, meshInput, ROOT, SEED_CLUSTERS, tempDir } from '../helpers';

/*
 * Input an attacker or a careless user gives the CLI: every case ends with one line
 * and exit 1 (bad input) or 2 (bad usage), never a stack trace, never a hang.
 */


/** The error is exactly one line with no stack trace. */
function expectOneLine(err: string): void {
  expect(err.endsWith('\n')).toBe(true);
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at |internal error|Maximum call stack/);
  expect(err.length).toBeLessThan(1000);
}

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/primary-remote/mesh.yaml'), 'utf8');

function withSpec(dir: string, content: string | Buffer, name = 'mesh.yaml'): string {
  fs.writeFileSync(path.join(dir, name), content);
  return name;
}

function specWith(edit: (spec: any) => void): string {
  const input = meshInput(SEED_CLUSTERS);
  edit(input);
  return YAML.stringify(input);
}

describe('bad command lines are usage errors (exit 2, one line)', () => {
  test.each([
    [['synth', '--spec'], '--spec needs a value (e.g. --spec mesh.yaml)'],
    [['synth', '--spec', 'mesh.yaml', '--out'], '--out needs a value (e.g. --out dist)'],
    [['plan', '--spec'], '--spec needs a value'],
    [['diff', '--spec', 'mesh.yaml', '--against'], '--against needs a value (e.g. --against dist)'],
    [['diff', '--against'], '--against needs a value'],
    [['ca', 'rotate', '--spec', 'mesh.yaml', '--cluster'], '--cluster needs a value (e.g. --cluster cluster2)'],
    [['ca', 'rotate', '--cluster'], '--cluster needs a value'],
    [['remote-secret', '--context'], '--context needs a value'],
    [['validate'], 'validate needs --spec FILE (a mesh spec) or --dist DIR (rendered manifests)'],
    [['validate', '--spec'], '--spec needs a value'],
    [['synth'], 'Missing required argument: spec'],
    [['nope'], 'Unknown argument: nope'],
    [['remote-secret', '--cluster', 'c2', '--namespace', '../x'], '--namespace "../x" is not a namespace name'],
    [['validate', '--spec', 'a\nb.yaml'], 'argument 3 "a\\nb.yaml" holds a control character'],
    [['plan', '--spec', 'm.yaml', '--out', 'd\u001b[2J'], 'argument 5 "d\\u001b[2J" holds a control character'],
  ])('fails on %j with exit 2', async (args, message) => {
    const r = await run(args, tempDir());
    expect(r.code).toBe(2);
    expect(r.err).toContain(`meshgen: ${message}`);
    expectOneLine(r.err);
  });
});

describe('hostile spec files (exit 1, one line)', () => {
  let dir: string;
  beforeEach(() => { dir = tempDir(); });

  const bad = async (spec: string, expected: RegExp | string) => {
    const r = await run(['validate', '--spec', spec], dir);
    expect({ code: r.code, err: r.err }).toEqual({ code: 1, err: expect.stringMatching(typeof expected === 'string' ? new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : expected) });
    expectOneLine(r.err);
    return r.err;
  };

  test('fails on a FIFO without waiting for a writer', async () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
    await bad('fifo.yaml', '--spec fifo.yaml: cannot read the mesh spec (is a FIFO (named pipe), not a regular file)');
  });

  test('fails on /dev/zero without reading it', async () => {
    await bad('/dev/zero', '--spec /dev/zero: cannot read the mesh spec (is a character device, not a regular file)');
  });

  test('fails on a directory', async () => {
    await bad('.', '--spec .: cannot read the mesh spec (is a directory)');
  });

  test('fails fast on a 10 MB spec of a 2.5-million-item list, by its size', async () => {
    const spec = withSpec(dir, `${EXAMPLE}extra:\n${'- 1\n'.repeat(2_500_000)}`);
    await bad(spec, /^--spec mesh\.yaml: cannot read the mesh spec \(is \d+ bytes, over the limit of 4194304\)/);
  });

  test('fails fast on a spec under the size cap that holds a million list items, before parsing it', async () => {
    await bad(withSpec(dir, `${EXAMPLE}extra:\n${'- 1\n'.repeat(1_000_000)}`), 'mesh.yaml: (file): holds more than 100000 YAML tokens');
    await bad(withSpec(dir, `${EXAMPLE}extra: [${'1,'.repeat(1_000_000)}1]\n`), 'mesh.yaml: (file): holds more than 100000 YAML tokens');
  });

  test('fails on UTF-16 with or without a byte order mark, saying so', async () => {
    await bad(withSpec(dir, Buffer.from(`\ufeff${EXAMPLE}`, 'utf16le')), 'mesh.yaml: (file): is UTF-16 text; meshgen reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8');
    await bad(withSpec(dir, Buffer.from(EXAMPLE, 'utf16le')), 'is UTF-16LE text');
    await bad(withSpec(dir, Buffer.from(EXAMPLE.split('').map((ch) => `\0${ch}`).join(''), 'latin1')), 'is UTF-16BE text');
  });

  test('fails on NUL bytes and on text that is not UTF-8', async () => {
    await bad(withSpec(dir, Buffer.concat([Buffer.from(EXAMPLE), Buffer.from([0, 1, 2])])), /\(file\): holds a NUL byte at offset \d+: it is not a text file/);
    await bad(withSpec(dir, Buffer.concat([Buffer.from(EXAMPLE), Buffer.from('# caf\xe9\n', 'latin1')])), '(file): is not valid UTF-8 text');
  });

  test('fails on a YAML alias bomb', async () => {
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';
    await bad(withSpec(dir, bomb), 'mesh.yaml: (file): its YAML aliases expand to too many nodes');
  });

  test.each([
    ['!!binary aGVsbG8=', 'is binary data (a YAML !!binary value)'],
    ['!!set {a, b}', 'is a set (a YAML !!set value)'],
    ['!!omap [a: 1]', 'is an ordered map (a YAML !!omap or !!pairs value)'],
  ])('fails on a tagged value %s with one line, not one per byte or item', async (value, shown) => {
    await bad(withSpec(dir, EXAMPLE.replace('metadata:\n  name: mesh1', `metadata: ${value}`)), `mesh.yaml: metadata: ${shown}; a Mesh spec holds only plain YAML`);
  });

  test('fails on an undefined alias', async () => {
    await bad(withSpec(dir, EXAMPLE.replace('name: mesh1', 'name: *meshname')), 'mesh.yaml: (file): the YAML alias *meshname has no anchor &meshname before it');
  });

  test('fails on deep nesting, flow or block, without "Maximum call stack size exceeded"', async () => {
    await bad(withSpec(dir, `${EXAMPLE}x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`), /nests too deep|nests deeper than 32 levels/);
    await bad(withSpec(dir, `${EXAMPLE}x: ${'['.repeat(40)}${']'.repeat(40)}\n`), 'mesh.yaml: x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nests deeper than 32 levels');
    await bad(withSpec(dir, `${EXAMPLE}x:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n')} v\n`), 'nests deeper than 32 levels');
    await bad(withSpec(dir, `${EXAMPLE}x:\n  ${'- '.repeat(30_000)}v\n`), /nests too deep|nests deeper than 32 levels/);
  });

  test.each([
    ['1e400', '.inf (an infinite number; YAML reads 1e400 as .inf)'],
    ['.inf', '.inf (an infinite number; YAML reads 1e400 as .inf)'],
    ['-.inf', '-.inf (an infinite number; YAML reads 1e400 as .inf)'],
    ['.nan', '.nan (not a number)'],
  ])('fails on keySize %s naming it, not as null', async (value, shown) => {
    const err = await bad(withSpec(dir, specWith((s) => { s.spec.ca = { keySize: '@' }; }).replace(/['"]@['"]/, value)), `spec.ca.keySize: ${shown} is not a whole number from 2048 to 8192`);
    expect(err).not.toContain('null');
  });

  test('fails on a non-finite number where a string belongs, naming it', async () => {
    await bad(withSpec(dir, specWith((s) => { s.metadata.name = '@'; }).replace(/['"]@['"]/, '.nan')), 'metadata.name: must be a string, got number .nan (not a number)');
  });

  test('fails on a 3 MB cluster name without echoing it', async () => {
    const err = await bad(withSpec(dir, specWith((s) => { s.spec.clusters[0].name = 'a'.repeat(3_000_000); })), /spec\.clusters\[0\]\.name: "a{80}\.\.\." \(3000000 characters\) is too long/);
    expect(err.length).toBeLessThan(400);
  });

  test('fails on a long but allowed value echoed by a field check, cutting the echo', async () => {
    const err = await bad(withSpec(dir, specWith((s) => { s.spec.clusters[0].network = 'N'.repeat(3000); })), /spec\.clusters\[0\]\.network: "N{80}\.\.\." \(cut, 3000 characters\) is not a valid network name/);
    expect(err.length).toBeLessThan(500);
  });

  test.each([
    ['a newline', 'ctx\ntouch /tmp/p', '\\n', 'a newline at position 4'],
    ['an escape', 'ctx\u001b[31mred', '\\u001b', 'an escape (ESC) at position 4'],
    ['a NUL', 'ctx\u0000', '\\u0000', 'control character U+0000 at position 4'],
    ['a line separator', 'ctx\u2028x', '\\u2028', 'control character U+2028 at position 4'],
    ['a right-to-left override', 'ctx\u202ex', '\\u202e', 'control character U+202E at position 4'],
  ])('fails on a context holding %s, with its path and the value escaped', async (_what, context, escaped, where) => {
    const err = await bad(withSpec(dir, specWith((s) => { s.spec.clusters[1].context = context; })), `spec.clusters[1].context: "ctx${escaped}`);
    expect(err).toContain(`holds ${where}; no value in a Mesh spec may hold control characters`);
  });

  test('fails on a control character in a key, escaping it in the path', async () => {
    const spec = specWith((s) => { s.spec['bad\u001bkey'] = 1; });
    await bad(withSpec(dir, spec), 'mesh.yaml: spec["bad\\u001bkey"]: "bad\\u001bkey" holds an escape (ESC) at position 4; no key in a Mesh spec');
  });

  test('fails on a duplicate cluster name with a duplicate-name message only', async () => {
    const err = await bad(withSpec(dir, specWith((s) => { s.spec.clusters[1].name = 'cluster1'; })), 'mesh.yaml: spec.clusters[1].name: "cluster1" is already the name of spec.clusters[0]; cluster names must be unique, rename one');
    expect(err).not.toContain('remote');
  });

  test('fails on remotes with no primary without suggesting a cluster as its own primary', async () => {
    const r = await run(['validate', '--spec', withSpec(dir, specWith((s) => {
      s.spec.clusters = [{ name: 'cluster1', network: 'n1', role: 'remote' }];
    }))], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('spec.clusters[0].primary: is missing; remote "cluster1" must name the primary that runs its control plane, but no cluster has role: primary yet');
    expect(r.err).not.toMatch(/primary: cluster1\b/);
  });
});

describe('hostile files named by the spec or the command line', () => {
  test('fails on a FIFO and on /dev/zero in spec.ca.additionalRoots, without reading them', async () => {
    const dir = tempDir();
    const pki = fixturePki();
    execFileSync('mkfifo', [path.join(dir, 'root.fifo')]);
    for (const [root, reason] of [['root.fifo', 'is a FIFO (named pipe), not a regular file'], ['/dev/zero', 'is a character device, not a regular file']]) {
      const spec = withSpec(dir, specWith((s) => { s.spec.ca = { dir: pki, additionalRoots: [root] }; }));
      const r = await run(['synth', '--spec', spec, '--out', 'dist', '--secrets-out', 'secrets'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`spec.ca.additionalRoots[0]: cannot read ${root} (${reason})`);
      expectOneLine(r.err);
    }
  });

  test('fails on diff --against a directory holding a symbolic link, without following it (exit 4)', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'dist', 'cluster1'), { recursive: true });
    fs.symlinkSync('/etc/passwd', path.join(dir, 'dist', 'cluster1', 'namespace.yaml'));
    const spec = withSpec(dir, EXAMPLE);
    const r = await run(['diff', '--spec', spec, '--against', 'dist'], dir);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/dist\/cluster1\/namespace\.yaml" is a symbolic link; meshgen synth writes only regular files and directories/);
    expect(r.out).toBe('');
    expectOneLine(r.err);
  });

  test('fails on a FIFO as --token-file without waiting for a writer', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'token')]);
    fs.writeFileSync(path.join(dir, 'kubeconfig'), YAML.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': 'eA==' } }],
      users: [{ name: 'c', user: { token: 't' } }], contexts: [{ name: 'c', context: { cluster: 'c', user: 'c' } }],
    }));
    const r = await run(['remote-secret', '--cluster', 'cluster2', '--kubeconfig', 'kubeconfig', '--token-file', 'token'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--token-file token: cannot read it (is a FIFO (named pipe), not a regular file)');
  });
});

describe('commands in messages are quoted for the shell', () => {
  test("GIVEN a hostile context and no gateway address THEN plan, validate's warning and synth's exit-3 hint quote it", async () => {
    const dir = tempDir();
    const spec = withSpec(dir, specWith((s) => {
      delete s.spec.clusters[0].eastWestGateway;
      s.spec.clusters[0].context = 'x; touch pwned #';
      s.spec.ca = { mode: 'none' };
    }));
    const quoted = "kubectl '--context=x; touch pwned #' -n istio-system get svc istio-eastwestgateway";
    const plan = await run(['plan', '--spec', spec, '--out', 'my dist'], dir);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain(`$ ${quoted}`);
    expect(plan.out).toContain("$ kubectl '--context=x; touch pwned #' apply -f 'my dist/cluster1/namespace.yaml'");
    expect(plan.out).toContain("$ meshgen synth --spec mesh.yaml --out 'my dist'");
    const validate = await run(['validate', '--spec', spec], dir);
    expect(validate.err).toContain(quoted);
    const synth = await run(['synth', '--spec', spec, '--out', 'dist', '--quiet'], dir);
    expect(synth.code).toBe(3);
    expect(synth.err).toContain(`get the address with: ${quoted}`);
    expectOneLine(synth.err);
  });
});
