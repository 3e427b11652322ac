import { IstioSpecVersion } from '../../imports/sailoperator.io';
import { SAIL_ISTIO_VERSIONS } from '../../lib/names/sail';

describe('SAIL_ISTIO_VERSIONS', () => {
  test('GIVEN the generated Sail import THEN the list is exactly the CRD enum without -latest aliases', () => {
    const fromCrd = Object.values(IstioSpecVersion).filter((v) => /^v\d+\.\d+\.\d+$/.test(v)).map((v) => v.slice(1));
    expect([...SAIL_ISTIO_VERSIONS]).toEqual(fromCrd);
  });
});
