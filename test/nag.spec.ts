import { buildTestStage, nagFindings } from './helpers';

describe('PROOF-1 cdk-nag: AwsSolutions, NIST 800-53 rev 5, PCI DSS 3.2.1, HIPAA Security', () => {
  test.each(['example.json', 'example-internal.json'])('%s has no open finding in any pack', (file) => {
    const { app } = buildTestStage({}, file);
    expect(nagFindings(app)).toEqual([]);
  });
});
