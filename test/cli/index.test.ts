import { runCliCaptured as run } from './run-cli';
import { ROOT } from '../helpers';


describe('usage errors', () => {
  test('fails with exit 2 on an unknown command, suggesting the closest', async () => {
    const r = await run(['synthh']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('meshgen: unknown command "synthh"; did you mean synth?; run "meshgen --help" for usage\n');
  });

  test('fails with exit 2 on no command, an unknown option or a missing --spec', async () => {
    expect((await run([])).code).toBe(2);
    const unknown = await run(['validate', '--spec', 'x.yaml', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown argument: bogus');
    const missing = await run(['synth']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Missing required argument: spec');
  });

  test('GIVEN --help THEN usage is printed and exit is 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('meshgen synth');
  });
});
