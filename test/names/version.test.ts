import * as fs from 'fs';
import * as path from 'path';
import { MESHGEN_VERSION } from '../../lib/names/version';
import { ROOT } from '../helpers';

describe('MESHGEN_VERSION', () => {
  test('GIVEN package.json THEN the constant is its version', () => {
    expect(MESHGEN_VERSION).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});
