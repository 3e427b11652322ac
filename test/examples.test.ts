import * as fs from 'fs';
import * as path from 'path';
import { renderMesh } from '../lib/synth/render-mesh';
import { writeOutput } from '../lib/fsx/write';
import { outputMarker } from '../lib/synth/synth';
import { parseMeshSpecYaml } from '../lib/mesh-spec/parse';
import { listFiles, ROOT } from './helpers';

/**
 * Every example under examples/ has its rendered output committed in expected/;
 * this test fails when synth drifts from it. After a deliberate change, review the
 * diff and refresh with: UPDATE_EXAMPLES=1 npx jest test/examples.test.ts
 */
const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'mesh.yaml'))).sort();

describe('examples', () => {
  test('there are examples to check', () => {
    expect(examples).toEqual(expect.arrayContaining(['primary-remote', 'three-clusters']));
  });

  test.each(examples)('%s: synth matches the committed expected/ output byte for byte', (name) => {
    const dir = path.join(ROOT, 'examples', name);
    const spec = parseMeshSpecYaml(fs.readFileSync(path.join(dir, 'mesh.yaml'), 'utf8'), `examples/${name}/mesh.yaml`);
    const { files } = renderMesh(spec, { source: `examples/${name}/mesh.yaml` });
    const expectedDir = path.join(dir, 'expected');
    if (process.env.UPDATE_EXAMPLES) writeOutput(expectedDir, files, outputMarker(spec.name));
    const committed = listFiles(expectedDir).filter((f) => !f.startsWith('.meshgen'));
    expect(committed).toEqual([...files.keys()]);
    for (const [rel, content] of files) {
      expect(`${rel}\n${fs.readFileSync(path.join(expectedDir, rel), 'utf8')}`).toBe(`${rel}\n${content}`);
    }
  });
});
