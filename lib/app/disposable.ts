import { Aspects, type IAspect, RemovalPolicies, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { IConstruct } from 'constructs';
import { acknowledge } from '../defaults/nag';

/**
 * Days a deleted KMS key waits in "pending deletion" before AWS KMS deletes it: the minimum AWS KMS allows
 * (ScheduleKeyDeletion PendingWindowInDays: 7 to 30, default 30). The key can still be recovered in that window
 * (`aws kms cancel-key-deletion`).
 */
export const DISPOSABLE_KEY_PENDING_DAYS = 7;

/** A kind of resource `cdk destroy` leaves behind on a disposable stage, why, and how to remove it. */
export interface Remains {
  /** CloudFormation type kept by its stack (DeletionPolicy Retain), or undefined when it is made outside CloudFormation. */
  readonly resourceType?: string;
  /** What remains, as docs/operations.md names it. */
  readonly what: string;
  /** Why it stays: CloudFormation cannot delete it, or deleting it is not a test stage's decision. */
  readonly why: string;
  /** The CLI command (its first words) that removes it; docs/operations.md shows it in full (tested). */
  readonly command: string;
}

/**
 * What stays after `cdk destroy --all` of a disposable stage (OPS-3). The resource types listed here keep their
 * construct's removal policy (Retain): CloudFormation cannot delete them while they hold anything, and the teardown
 * then completes instead of stopping in DELETE_FAILED; GuardDuty detectors hold the account's findings.
 * test/app/disposable.test.ts checks that nothing else is retained, and that docs/operations.md and the README show
 * every command.
 */
export const REMAINS_AFTER_DESTROY: readonly Remains[] = [
  {
    resourceType: 'AWS::Backup::BackupVault',
    what: 'backup vaults, with the recovery points they hold (the cluster continuous backup included)',
    why: 'AWS Backup deletes a vault only when it is empty (DeleteBackupVault), and the plan fills them every hour',
    command: 'aws backup delete-recovery-point',
  },
  {
    resourceType: 'AWS::Backup::LogicallyAirGappedBackupVault',
    what: 'the logically air-gapped vault, if the stage was once durable with `backup.airGappedCopy`',
    why: 'same as any vault; its compliance lock keeps each point until its retention ends',
    command: 'aws backup delete-backup-vault',
  },
  {
    resourceType: 'AWS::S3::Bucket',
    what: 'S3 buckets (access logs, the trail, canary artifacts, AWS Config delivery): versioned, never empty',
    why:
      'CloudFormation deletes only empty buckets; emptying them at teardown would need a custom-resource Lambda ' +
      'with delete rights on every bucket (`autoDeleteObjects`), and the trail bucket is under Object Lock',
    command: 'aws s3api delete-objects',
  },
  {
    resourceType: 'AWS::Route53::HostedZone',
    what: 'public hosted zones the stage created (none when `hostedZoneId` is given)',
    why:
      'ACM leaves the DNS validation CNAME of a certificate in the zone when the certificate is deleted, and Route 53 ' +
      'deletes only a zone with nothing but its NS and SOA records (aws-cloudformation coverage roadmap #1603)',
    command: 'aws route53 delete-hosted-zone',
  },
  {
    resourceType: 'AWS::GuardDuty::Detector',
    what:
      'GuardDuty detectors the stage created (`guardDuty: "create"`), in its regions and through the StackSet in ' +
      'every other one',
    why:
      'deleting a detector deletes its findings, which may be evidence of a breach, and turns detection off for the ' +
      'whole account in that region: a test teardown is not the place to decide either',
    command: 'aws guardduty delete-detector',
  },
  {
    what:
      "the VPC endpoint and security group GuardDuty Runtime Monitoring adds to the stage's VPC (Fargate agent, " +
      'DET-6); until removed, the network stack cannot delete its subnets',
    why:
      'GuardDuty creates them outside CloudFormation and deletes them only when Runtime Monitoring is disabled for ' +
      'the account (GuardDuty user guide, "Using Infrastructure as Code with GuardDuty automated security agents")',
    command: 'aws ec2 delete-vpc-endpoints',
  },
  {
    what: 'KMS keys, pending deletion for 7 days',
    why: 'AWS KMS never deletes a key at once; the stage asks for the shortest wait (PendingWindowInDays 7)',
    command: 'aws kms cancel-key-deletion',
  },
  {
    what:
      'log groups written by Lambda functions without a declared group (the canary `/aws/lambda/cwsyn-...`, the ' +
      "default security group's custom resource `/aws/lambda/<stage>-Network-...`)",
    why: 'Lambda creates them on first write, outside CloudFormation',
    command: 'aws logs delete-log-group',
  },
];

/** Resource types a disposable stage keeps (each with its construct's own policy): see {@link REMAINS_AFTER_DESTROY}. */
export const KEPT_RESOURCE_TYPES: readonly string[] = REMAINS_AFTER_DESTROY.flatMap((r) =>
  r.resourceType ? [r.resourceType] : [],
);

const DISPOSABLE_REASON =
  'Disposable test stage (lifecycle "disposable"): deletion protection is off so that `cdk destroy` removes it. ' +
  'The config refuses "disposable" on a public stage, so the stage has no public entry (ORG-2) and serves no ' +
  'customer; every durable stage keeps the protection.';

/**
 * Makes every stack of a disposable stage removable by `cdk destroy` (OPS-3): each resource is deleted with its
 * stack, except the kinds CloudFormation cannot delete (listed in {@link REMAINS_AFTER_DESTROY}); the cluster and
 * the load balancer lose their deletion protection, keys wait the shortest time before deletion, the image
 * repository is emptied. Termination protection is off in the stacks' props (lib/app/stage.ts). `stacks` may hold
 * other values (a stage's optional stacks are undefined): only stacks are changed.
 */
export function makeDisposable(stacks: readonly unknown[]): void {
  for (const stack of stacks) {
    if (!Stack.isStack(stack)) continue;
    RemovalPolicies.of(stack).destroy({ excludeResourceTypes: [...KEPT_RESOURCE_TYPES] });
    Aspects.of(stack).add(new DisposableResources());
  }
}

/** The settings besides the removal policy that would stop or slow a stack deletion. */
class DisposableResources implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof rds.CfnDBCluster) {
      // DB-6 not kept here: RDS refuses DeleteDBCluster while deletion protection is on. DeletionPolicy Delete (set
      // by RemovalPolicies) means no final snapshot: CloudFormation's default for a DBCluster is Snapshot (template
      // reference, DeletionPolicy attribute). Its automated backups stay in the continuous vault: RDS keeps them
      // when an AWS Backup plan has a point-in-time rule (DeleteDBCluster, DeleteAutomatedBackups).
      node.deletionProtection = false;
      acknowledge(
        node,
        DISPOSABLE_REASON,
        'AwsSolutions-RDS10',
        'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
        'HIPAA.Security-RDSInstanceDeletionProtectionEnabled',
      );
    } else if (node instanceof elbv2.ApplicationLoadBalancer) {
      // Elastic Load Balancing refuses DeleteLoadBalancer while deletion protection is on.
      node.setAttribute('deletion_protection.enabled', 'false');
      acknowledge(
        node,
        DISPOSABLE_REASON,
        'NIST.800.53.R5-ELBDeletionProtectionEnabled',
        'HIPAA.Security-ELBDeletionProtectionEnabled',
      );
    } else if (node instanceof kms.CfnKey) {
      node.pendingWindowInDays = DISPOSABLE_KEY_PENDING_DAYS;
    } else if (node instanceof ecr.CfnRepository) {
      // ECR deletes a repository that still holds images only with EmptyOnDelete; no custom resource needed.
      node.emptyOnDelete = true;
    }
  }
}
