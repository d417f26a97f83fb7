// PROOF-1: the report's "Rules checked" is counted while each cdk-nag pack runs (lib/compliance/nag-rules.ts).
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, type NagPack } from 'cdk-nag';
import { validateCountingRules } from '../../lib/compliance/nag-rules';

function app(): App {
  const a = new App();
  new sns.Topic(new Stack(a, 'Rules'), 'Topic');
  return a;
}

describe('PROOF-1 validateCountingRules', () => {
  test('counts the distinct rules a pack applies, and reports what validateScope reports', () => {
    const a = app();
    const { report, rules } = validateCountingRules(new AwsSolutionsChecks(), a);
    expect(rules.size).toBeGreaterThan(50);
    expect([...rules]).toContain('SNS3'); // the rule the topic breaks (publishers not required to use TLS)
    expect(report).toEqual(new AwsSolutionsChecks().validateScope(a));
  });

  test('leaves the pack as it was: no wrapper after the run, the same count on a second run', () => {
    const pack = new AwsSolutionsChecks();
    const first = validateCountingRules(pack, app()).rules.size;
    expect(Object.hasOwn(pack, 'applyRule')).toBe(false);
    expect(validateCountingRules(pack, app()).rules.size).toBe(first);
  });

  test('removes the wrapper when the pack throws', () => {
    const pack = new AwsSolutionsChecks();
    const throwing = {
      ...pack,
      validateScope: () => {
        throw new Error('boom');
      },
    } as unknown as NagPack;
    Object.setPrototypeOf(throwing, Object.getPrototypeOf(pack));
    expect(() => validateCountingRules(throwing, app())).toThrow('boom');
    expect(Object.hasOwn(throwing, 'applyRule')).toBe(false);
  });
});
