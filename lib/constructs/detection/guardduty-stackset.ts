import { ArnFormat, type CfnResource, Stack } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { isOptInRegion } from '../../core/regions';
import { DEFAULT_STACKSET_ROLES } from '../../defaults/detection';
import { invalidProps } from '../../defaults/errors';
import { acknowledge } from '../../defaults/nag';
import { forwardedEventPattern } from './tamper-alerts';
import { FINDING_PUBLISHING_FREQUENCY, guardDutyFeatures } from './threat-detection';

/** The role StackSets assumes in the administrator account (its documented default name). */
export const STACKSET_ADMINISTRATION_ROLE = 'AWSCloudFormationStackSetAdministrationRole';
/** The role StackSets assumes in each target account (its documented default name). */
export const STACKSET_EXECUTION_ROLE = 'AWSCloudFormationStackSetExecutionRole';
/** CloudFormation's limit on `TemplateBody` (CreateStackSet API reference). */
export const STACKSET_TEMPLATE_MAX_BYTES = 51_200;

/**
 * Every CloudFormation action on a stack or its change sets (the operations of the CloudFormation API that act on one
 * stack, as the AWS SDK model lists them): the "full AWS CloudFormation permissions" the StackSet guide asks for,
 * granted on this StackSet's instance stacks. Spelled out rather than `cloudformation:*`: Control Tower's CT.IAM.PR.3
 * (PROOF-6) refuses wildcard actions in a customer managed policy, and the list leaves out StackSet, type registry,
 * resource scan and organization actions, which an instance stack never needs.
 */
export const STACKSET_STACK_ACTIONS: readonly string[] = [
  'cloudformation:CancelUpdateStack',
  'cloudformation:ContinueUpdateRollback',
  'cloudformation:CreateChangeSet',
  'cloudformation:CreateStack',
  'cloudformation:DeleteChangeSet',
  'cloudformation:DeleteStack',
  'cloudformation:DescribeChangeSet',
  'cloudformation:DescribeChangeSetHooks',
  'cloudformation:DescribeEvents',
  'cloudformation:DescribeStackEvents',
  'cloudformation:DescribeStackResource',
  'cloudformation:DescribeStackResourceDrifts',
  'cloudformation:DescribeStackResources',
  'cloudformation:DescribeStacks',
  'cloudformation:DetectStackDrift',
  'cloudformation:DetectStackResourceDrift',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:GetHookResult',
  'cloudformation:GetStackPolicy',
  'cloudformation:GetTemplate',
  'cloudformation:GetTemplateSummary',
  'cloudformation:ListChangeSets',
  'cloudformation:ListHookResults',
  'cloudformation:ListStackResources',
  'cloudformation:RollbackStack',
  'cloudformation:SetStackPolicy',
  'cloudformation:SignalResource',
  'cloudformation:TagResource',
  'cloudformation:UntagResource',
  'cloudformation:UpdateStack',
  'cloudformation:UpdateTerminationProtection',
];

/**
 * The CloudFormation actions of the documented StackSet minimum (`cloudformation:*`) that define no resource type
 * (IAM Service Authorization Reference, "Actions defined by AWS CloudFormation") and that a stack operation may call:
 * they can only be allowed on `*` (each is in lib/compliance/resource-star-allowlist.ts). Every other CloudFormation
 * action is allowed on this StackSet's instance stacks.
 */
export const STACKSET_UNSCOPED_CLOUDFORMATION_ACTIONS: readonly string[] = [
  'cloudformation:ValidateTemplate',
  'cloudformation:ListStacks',
  'cloudformation:ListExports',
  'cloudformation:ListImports',
  'cloudformation:DescribeAccountLimits',
  'cloudformation:EstimateTemplateCost',
  'cloudformation:DescribeStackDriftDetectionStatus',
];

/**
 * The S3 actions the execution role gets for StackSets' notifications of the stack instance state: the guide asks for
 * "the S3 service action and resources" (its minimum policy: `s3:*`) without naming them; ORG-1 refuses `s3:*`, so
 * object reads and writes, the calls a state report in a bucket can be.
 */
export const STACKSET_S3_ACTIONS: readonly string[] = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'];

/** Parameters of the StackSet template: what each instance must know of the administrator region. */
const FORWARD_ROLE_PARAMETER = 'ForwardRoleArn';
const TARGET_BUS_PARAMETER = 'TargetEventBusArn';

/** Name of the forwarding rule in every StackSet region (named, so the forward role can trust exactly it). */
export const forwardRuleName = (stackSetName: string) => `${stackSetName}-forward`;

/**
 * The template every StackSet instance deploys (DET-6): a GuardDuty detector with the features of the stage's own
 * detectors (Fargate runtime monitoring included), retained like them, and a rule that forwards GuardDuty findings
 * and the tampering calls of DET-7 to the administrator region's default bus, where the stage's rules alert.
 * Plain JSON: no asset, no CDK bootstrap needed in the target regions, and small (see
 * {@link STACKSET_TEMPLATE_MAX_BYTES}).
 */
export function guardDutyStackSetTemplate(stackSetName: string): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `GuardDuty and event forwarding of ${stackSetName} (DET-6, DET-7)`,
    Parameters: {
      [FORWARD_ROLE_PARAMETER]: { Type: 'String', Description: 'Role EventBridge forwards events with' },
      [TARGET_BUS_PARAMETER]: { Type: 'String', Description: "The administrator region's default event bus" },
    },
    Resources: {
      Detector: {
        Type: 'AWS::GuardDuty::Detector',
        // Deleting a detector deletes its findings, which may be evidence of a breach.
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          Enable: true,
          FindingPublishingFrequency: FINDING_PUBLISHING_FREQUENCY,
          Features: guardDutyFeatures(),
        },
      },
      ForwardRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: forwardRuleName(stackSetName),
          Description: 'GuardDuty findings and tampering calls to the administrator region (DET-6, DET-7)',
          // Read-only management events (STS AssumeRole of the break-glass role, DET-7) reach only rules in this
          // state (EventBridge user guide, "Receiving read-only management events from AWS services").
          State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
          EventPattern: forwardedEventPattern(),
          Targets: [
            {
              Id: 'AdministratorRegionBus',
              Arn: { Ref: TARGET_BUS_PARAMETER },
              RoleArn: { Ref: FORWARD_ROLE_PARAMETER },
            },
          ],
        },
      },
    },
  };
}

/** Properties of {@link GuardDutyStackSet}. */
export interface GuardDutyStackSetProps {
  /** StackSet name (unique in the account and region): also the prefix of the forwarding rule. */
  readonly stackSetName: string;
  /**
   * Regions the StackSet deploys a detector to: every region to watch minus those where a stack of the stage, or
   * the account, already holds one (`guardDutyStackSetRegions` in lib/core/regions.ts).
   */
  readonly regions: readonly string[];
  /**
   * "create" the StackSet administration and execution roles, or use the account's "existing" ones (named as
   * AWS documents them).
   * @default DEFAULT_STACKSET_ROLES ("create")
   */
  readonly stackSetRoles?: 'create' | 'existing';
}

/**
 * GuardDuty in every other region (DET-6): a self-managed CloudFormation StackSet administered from this stack's
 * region, deploying {@link guardDutyStackSetTemplate} to this account in each of `regions`. Attackers start
 * instances in the regions nobody uses; each such region gets a detector, and its findings reach the team through
 * this region's bus.
 *
 * `CfnStackSet` with a template built in code, not `cdk-stacksets`: the template is two resources, has no asset,
 * and needs no bootstrap in the target regions.
 */
export class GuardDutyStackSet extends Construct {
  /** The StackSet. */
  readonly stackSet: cloudformation.CfnStackSet;
  /** The role EventBridge forwards with, in every region (IAM is global). */
  readonly forwardRole: iam.Role;
  /** The administration role, when created here. */
  readonly administrationRole?: iam.Role;
  /** The execution role, when created here. */
  readonly executionRole?: iam.Role;

  constructor(scope: Construct, id: string, props: GuardDutyStackSetProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!props.regions.length) invalidProps(this, 'regions is empty: a StackSet needs at least one region');
    this.forwardRole = this.createForwardRole(props.stackSetName);
    const roles = props.stackSetRoles ?? DEFAULT_STACKSET_ROLES;
    const ordering: CfnResource[] = [];
    if (roles === 'create') {
      const admin = this.createAdministrationRole(props.regions.filter(isOptInRegion));
      this.administrationRole = admin.role;
      const execution = this.createExecutionRole(admin.role, props.stackSetName);
      this.executionRole = execution.role;
      // The administration role is ordered by its ARN in AdministrationRoleARN already (cfn-lint W3005).
      ordering.push(...[admin.policy, execution.role, execution.policy].map(cfnOf));
    }
    const template = JSON.stringify(guardDutyStackSetTemplate(props.stackSetName));
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName,
      description: 'GuardDuty with Fargate runtime monitoring, and forwarding to the primary region (DET-6, DET-7)',
      permissionModel: 'SELF_MANAGED',
      administrationRoleArn: this.administrationRole?.roleArn ?? this.roleArn(STACKSET_ADMINISTRATION_ROLE),
      executionRoleName: STACKSET_EXECUTION_ROLE,
      templateBody: template,
      parameters: [
        { parameterKey: FORWARD_ROLE_PARAMETER, parameterValue: this.forwardRole.roleArn },
        {
          parameterKey: TARGET_BUS_PARAMETER,
          parameterValue: stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' }),
        },
      ],
      stackInstancesGroup: [{ deploymentTargets: { accounts: [stack.account] }, regions: [...props.regions] }],
      // Every region at once, and no failure tolerated: a region that fails stops the operation and the deploy, so
      // an uncovered region is seen at once instead of staying FAILED behind a green deploy (a tolerance would also
      // need an alert on "CloudFormation StackSet Operation Status Change" events). The rollback that follows
      // deletes the instances but keeps the detectors they made (Retain): docs/detection.md, "A failed StackSet
      // deploy", says how to clear them before the next deploy.
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        maxConcurrentPercentage: 100,
        failureToleranceCount: 0,
      },
      managedExecution: { Active: true },
    });
    // PITFALLS: StackSets checks both roles when the StackSet is created; they must exist before it.
    for (const r of ordering) this.stackSet.addResourceDependency(r);
  }

  /** `arn:<partition>:iam::<account>:role/<name>`. */
  private roleArn(name: string): string {
    return Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: name });
  }

  /**
   * The role of every forwarding rule: EventBridge may put events on this region's default bus only, and only for
   * this StackSet's rules (aws:SourceAccount and aws:SourceArn, EventBridge user guide, "Preventing the confused
   * deputy problem").
   */
  private createForwardRole(stackSetName: string): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'ForwardRole', {
      description: `EventBridge: forward GuardDuty findings and tampering calls of ${stackSetName} to ${stack.region}`,
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'events',
              region: '*',
              resource: 'rule',
              resourceName: forwardRuleName(stackSetName),
            }),
          },
        },
      }),
    });
    role.addManagedPolicy(
      new iam.ManagedPolicy(this, 'ForwardPolicy', {
        statements: [
          new iam.PolicyStatement({
            actions: ['events:PutEvents'],
            resources: [stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' })],
          }),
        ],
      }),
    );
    return role;
  }

  /**
   * AWSCloudFormationStackSetAdministrationRole: trusted by CloudFormation for this account's StackSets only
   * (aws:SourceAccount, aws:SourceArn, as the self-managed permissions guide recommends), and allowed to assume the
   * execution role of this account only. Each opt-in region of the StackSet adds its regional service principal:
   * "to deploy stack instances into a target account that resides in a Region that's disabled by default, you will
   * also need to include the regional service principal for that Region" (CloudFormation user guide, "Grant
   * self-managed permissions", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html).
   */
  private createAdministrationRole(optInRegions: readonly string[]): { role: iam.Role; policy: iam.ManagedPolicy } {
    const stack = Stack.of(this);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      StringLike: {
        'aws:SourceArn': stack.formatArn({ service: 'cloudformation', region: '*', resource: 'stackset/*' }),
      },
    };
    const role = new iam.Role(this, 'AdministrationRole', {
      roleName: STACKSET_ADMINISTRATION_ROLE,
      description: 'CloudFormation StackSets: administer the StackSets of this account (DET-6)',
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com', { conditions }),
    });
    if (optInRegions.length)
      role.assumeRolePolicy?.addStatements(
        new iam.PolicyStatement({
          sid: 'OptInRegions',
          actions: ['sts:AssumeRole'],
          principals: [...new Set(optInRegions)].map(
            (r) => new iam.ServicePrincipal(`cloudformation.${r}.amazonaws.com`),
          ),
          conditions,
        }),
      );
    const policy = new iam.ManagedPolicy(this, 'AdministrationPolicy', {
      statements: [
        new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [this.roleArn(STACKSET_EXECUTION_ROLE)] }),
      ],
    });
    role.addManagedPolicy(policy);
    return { role, policy };
  }

  /**
   * AWSCloudFormationStackSetExecutionRole: trusted by the administration role only, and allowed the minimum AWS
   * documents for StackSets plus what the template deploys (not the AdministratorAccess of AWS's sample).
   *
   * The minimum, from the CloudFormation user guide, "Grant self-managed permissions"
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html): "Your
   * target account always needs full AWS CloudFormation permissions, which include permissions to create, update,
   * delete, and describe stacks", and "You must add the S3 service action and resources [...] for StackSets to
   * work. StackSets uses these permissions to notify the stack instance state in the target accounts and in the
   * administrator account"; its minimum policy is `cloudformation:*` and `s3:*` on `*`. Here, as narrow as that
   * allows with ORG-1 kept (no `s3:*`, `Resource: "*"` only for actions without a resource type) and no wildcard
   * action (Control Tower CT.IAM.PR.3):
   * - every action on a stack ({@link STACKSET_STACK_ACTIONS}) on this StackSet's instance stacks, and on `*` the
   *   CloudFormation actions that have no resource type ({@link STACKSET_UNSCOPED_CLOUDFORMATION_ACTIONS});
   * - S3 object reads and writes ({@link STACKSET_S3_ACTIONS}) on objects of any bucket: the guide names neither the
   *   actions nor the bucket (StackSets' own, not this account's), so no bucket can be named.
   * Then the template's own needs: GuardDuty detectors and their service-linked roles, this StackSet's forwarding
   * rule, and passing the forward role to EventBridge.
   */
  private createExecutionRole(
    administrationRole: iam.IRole,
    stackSetName: string,
  ): { role: iam.Role; policy: iam.ManagedPolicy } {
    const stack = Stack.of(this);
    const arn = (service: string, resource: string, region = '*') =>
      stack.formatArn({ service, region, resource, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    const role = new iam.Role(this, 'ExecutionRole', {
      roleName: STACKSET_EXECUTION_ROLE,
      description: 'CloudFormation StackSets: deploy the StackSet instances of this account (DET-6)',
      assumedBy: new iam.ArnPrincipal(administrationRole.roleArn),
    });
    const stacks = arn('cloudformation', `stack/StackSet-${stackSetName}-*`);
    const objects = `arn:${stack.partition}:s3:::*/*`;
    const detectors = arn('guardduty', 'detector/*');
    const rule = arn('events', `rule/${forwardRuleName(stackSetName)}`);
    const slr = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: 'aws-service-role/*guardduty.amazonaws.com/*',
    });
    const policy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'StackSetStacks',
          actions: [...STACKSET_STACK_ACTIONS],
          resources: [`${stacks}/*`],
        }),
        new iam.PolicyStatement({
          sid: 'CloudFormationWithoutResourceType',
          actions: [...STACKSET_UNSCOPED_CLOUDFORMATION_ACTIONS],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'StackSetsInstanceState',
          actions: [...STACKSET_S3_ACTIONS],
          resources: [objects],
        }),
        new iam.PolicyStatement({
          sid: 'CreateDetector',
          actions: ['guardduty:CreateDetector', 'guardduty:ListDetectors'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'Detectors',
          actions: [
            'guardduty:GetDetector',
            'guardduty:UpdateDetector',
            'guardduty:TagResource',
            'guardduty:UntagResource',
            'guardduty:ListTagsForResource',
          ],
          resources: [detectors],
        }),
        new iam.PolicyStatement({
          sid: 'GuardDutyServiceLinkedRoles',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [slr],
          conditions: {
            StringEquals: {
              'iam:AWSServiceName': ['guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com'],
            },
          },
        }),
        // iam:GetRole knows no iam:AWSServiceName key: a statement of its own, on the same two roles.
        new iam.PolicyStatement({ sid: 'ReadGuardDutyServiceLinkedRoles', actions: ['iam:GetRole'], resources: [slr] }),
        new iam.PolicyStatement({
          sid: 'ForwardRule',
          actions: [
            'events:PutRule',
            'events:DescribeRule',
            'events:DeleteRule',
            'events:EnableRule',
            'events:DisableRule',
            'events:PutTargets',
            'events:RemoveTargets',
            'events:ListTargetsByRule',
            'events:TagResource',
            'events:UntagResource',
            'events:ListTagsForResource',
          ],
          resources: [rule],
        }),
        new iam.PolicyStatement({
          sid: 'PassForwardRole',
          actions: ['iam:PassRole'],
          resources: [this.forwardRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
        }),
      ],
    });
    role.addManagedPolicy(policy);
    const trust =
      'Compensating control: the role is assumable only by the StackSet administration role, which only ' +
      'CloudFormation StackSets of this account (aws:SourceAccount, aws:SourceArn) may assume.';
    acknowledge(
      policy,
      'StackSets names each instance stack StackSet-<name>-<id> and each change set at run time; the wildcard stays ' +
        `inside this StackSet's stacks of this account. ${trust}`,
      `AwsSolutions-IAM5[Resource::${stacks}/*]`,
    );
    acknowledge(
      policy,
      'Actions without a resource type (IAM Service Authorization Reference): the CloudFormation ones of the ' +
        'documented StackSet minimum, and guardduty:CreateDetector and guardduty:ListDetectors (the detector does not ' +
        `exist yet). ${trust}`,
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      policy,
      'StackSets requires S3 permissions of its execution role to report the stack instance state ("Grant ' +
        'self-managed permissions"), in a bucket of its own that AWS does not name: object reads and writes only, not ' +
        `s3:*, no bucket-level or account-level action. ${trust}`,
      `AwsSolutions-IAM5[Resource::${objects}]`,
    );
    acknowledge(
      policy,
      'A detector id is generated at creation, in each region the StackSet covers; the wildcard stays inside this ' +
        "account's detectors.",
      `AwsSolutions-IAM5[Resource::${detectors}]`,
    );
    acknowledge(
      policy,
      "GuardDuty's two service-linked roles (GuardDuty, malware protection); creation is bound to those two services " +
        'by iam:AWSServiceName.',
      `AwsSolutions-IAM5[Resource::${slr}]`,
    );
    acknowledge(
      policy,
      'The one forwarding rule of this StackSet, by name, in each region it covers (the region is the wildcard).',
      `AwsSolutions-IAM5[Resource::${rule}]`,
    );
    return { role, policy };
  }
}

const cfnOf = (c: Construct): CfnResource => c.node.defaultChild as CfnResource;
