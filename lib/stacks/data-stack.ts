import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** VPC whose isolated subnets hold the cluster. */
  readonly vpc: ec2.IVpc;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
}

/** Primary region, stateful: the Aurora cluster and everything that guards it (DB-1..DB-6, ORG-4, ORG-5). */
export class DataStack extends Stack {
  /** The Aurora PostgreSQL cluster. */
  readonly cluster!: rds.DatabaseCluster;
  /** Security group the application tier must use to reach the database. */
  readonly appSecurityGroup!: ec2.SecurityGroup;
  /** Role of the application tasks: may connect as the application DB user only. */
  readonly appRole!: iam.Role;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
  }
}
