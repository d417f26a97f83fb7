import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { IConstruct } from 'constructs';
import { APP_PROPS } from '../lib/app/add-stage';
import { nagPacks } from '../lib/app/nag';

import { cdkContext } from './config-helpers';

export { cdkContext, problemsOf, ROOT, rawConfig, testConfig } from './config-helpers';

/** The account and region construct tests deploy to (any concrete env works offline). */
export const TEST_ENV = { account: '111122223333', region: 'eu-west-3' } as const;

/** Options of {@link testApp}. */
export interface TestAppOptions {
  /**
   * Bundle Lambda assets with esbuild, as `cdk synth` does. Tests of what a construct declares do not need
   * the bundle (about 2 s a synth); tests of the deployed code run the handler itself.
   * @default false
   */
  readonly bundling?: boolean;
}

/**
 * A fresh app configured as `bin/app.ts` configures it (no built-in CloudFormation validation: it costs
 * seconds per synth, and cfn-lint covers it on the example stages), with cdk.json's context.
 */
export function testApp(options: TestAppOptions = {}): App {
  const context = options.bundling ? cdkContext() : { ...cdkContext(), 'aws:cdk:bundling-stacks': [] };
  return new App({ ...APP_PROPS, context });
}

/** A fresh stack for a construct test, in a {@link testApp}. */
export function testStack(
  id = 'Test',
  env: { account: string; region: string } = TEST_ENV,
  options: TestAppOptions = {},
): Stack {
  return new Stack(testApp(options), id, { env });
}

/** Open cdk-nag findings of every pack under `scope`, as `pack rule @ path` lines (acknowledged ones excluded). */
export function nagFindings(scope: IConstruct): string[] {
  return nagPacks(scope).flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath ?? r.resourceLogicalId}`),
      ),
  );
}

/** A VPC in `stack` with public, private and isolated subnets over `zones` (given, never looked up). */
export function testVpc(stack: Stack, zones: readonly string[] = ['eu-west-3a', 'eu-west-3b']): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: [...zones],
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}
