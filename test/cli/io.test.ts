import { CliIO, progressLine } from '../../lib/cli/io';

describe('progressLine', () => {
  const io = (errIsTTY?: boolean) => {
    const lines: string[] = [];
    const value: CliIO = { out: () => undefined, err: (t) => { lines.push(t); }, cwd: '/', ...(errIsTTY !== undefined ? { errIsTTY } : {}) };
    return { value, lines };
  };

  test.each([
    // quiet, progress, stderr a terminal -> shown
    [false, undefined, true, true],
    [false, undefined, false, false],
    [false, undefined, undefined, false],
    [false, true, false, true],
    [false, false, true, false],
    [true, true, true, false],
    [true, undefined, true, false],
  ])('GIVEN --quiet %s, --progress %s, stderr a terminal %s THEN progress shown: %s', (quiet, progress, tty, shown) => {
    const { value, lines } = io(tty);
    const line = progressLine({ quiet, ...(progress !== undefined ? { progress } : {}) }, value);
    line?.('generating the root CA');
    expect(lines).toEqual(shown ? ['meshgen: generating the root CA\n'] : []);
  });
});
