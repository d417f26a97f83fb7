import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link BackupStack}. */
export interface BackupStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** VPC of the restore tests (isolated subnets). */
  readonly vpc: ec2.IVpc;
  /** The cluster to back up. */
  readonly cluster: rds.IDatabaseCluster;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
  /** ARN of the vault in the backup region that receives every copy. */
  readonly copyVaultArn: string;
}

/** Primary region, stateful: vaults, the plan, restore tests and audit (BKP-1..BKP-6). */
export class BackupStack extends Stack {
  constructor(scope: Construct, id: string, props: BackupStackProps) {
    super(scope, id, props);
  }
}
