import { Stack, StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link DnsStack}. */
export interface DnsStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
}

/** Global (us-east-1), stateful: one public hosted zone per domain and its CAA records (EDGE-3, EDGE-9). */
export class DnsStack extends Stack {
  /** Hosted zone of each configured domain, by domain name. */
  readonly zones: Readonly<Record<string, route53.IHostedZone>> = {};

  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id, props);
  }
}
