import { Stack, StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link MailStack}. */
export interface MailStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** Hosted zones by domain name (empty for stages without DNS). */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
}

/** Primary region: SES identities, DNS authentication records and abuse alarms (MAIL-1..MAIL-3). */
export class MailStack extends Stack {
  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id, props);
  }
}
