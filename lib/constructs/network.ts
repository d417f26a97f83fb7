import { ArnFormat, type CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { VPC_SUBNET_MASKS } from '../core/cidr';
import { encryptedLogGroupProps } from '../defaults/logs';
import { acknowledge } from '../defaults/nag';
import { DEFAULT_FLOW_LOG_RETENTION_DAYS, DEFAULT_VPC_CIDR } from '../defaults/network';
import { SecureKey } from './secure-key';

/** Properties of {@link Network}. Named as the stage's fields, so a stack passes them as they are. */
export interface NetworkProps {
  /**
   * IPv4 range of the VPC: large enough for the subnets of every zone (`vpcPrefixNeeded` in lib/core/cidr.ts;
   * the config validator checks it).
   * @default DEFAULT_VPC_CIDR ('10.0.0.0/16')
   */
  readonly vpcCidr?: string;
  /** Zones the VPC spans: given, never looked up, so synth stays offline. */
  readonly availabilityZones: readonly string[];
  /**
   * NAT gateways for the private (egress) subnets.
   * @default - one per zone
   */
  readonly natGateways?: number;
  /**
   * Days flow logs are kept: a CloudWatch Logs retention value (DET-4).
   * @default DEFAULT_FLOW_LOG_RETENTION_DAYS (365)
   */
  readonly flowLogRetentionDays?: number;
}

/**
 * The VPC every tier runs in: public subnets hold only load balancers and NAT
 * gateways, private subnets the app tier, isolated subnets (no route out) the
 * database. Nothing gets a public IP by default, the default security group
 * allows nothing, and every flow is logged to an encrypted group (DET-4).
 */
export class Network extends Construct {
  /** The VPC. */
  readonly vpc: ec2.Vpc;
  /** Flow log group (all traffic, accepted and rejected). */
  readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = this.createVpc(props);
    const key = new SecureKey(this, 'FlowLogKey', { description: 'Encrypts VPC flow logs' });
    key.allowCloudWatchLogs();
    this.flowLogGroup = new logs.LogGroup(
      this,
      'FlowLogGroup',
      encryptedLogGroupProps(key.key, props.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS),
    );
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup, this.flowLogRole()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    this.hardenDefaultSgProvider();
    this.acknowledgePublicRoutes();
  }

  private createVpc(props: NetworkProps): ec2.Vpc {
    return new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.vpcCidr ?? DEFAULT_VPC_CIDR),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways ?? props.availabilityZones.length,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        {
          name: 'Public',
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: VPC_SUBNET_MASKS.public,
          mapPublicIpOnLaunch: false,
        },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: VPC_SUBNET_MASKS.private },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: VPC_SUBNET_MASKS.isolated },
      ],
    });
  }

  /**
   * A managed policy scoped to the flow log group instead of CDK's inline default policy
   * (NIST/PCI/HIPAA IAMNoInlinePolicy); the role is handed over immutable so the
   * flow log cannot add an inline policy back. The actions are the ones CDK's own
   * default flow-log role grants: the group exists already, so the CreateLogGroup and
   * DescribeLogGroups of the VPC guide's example policy (Resource "*") are not needed.
   * Trust (ORG-1): the VPC guide recommends both aws:SourceAccount and aws:SourceArn (the flow
   * log ARN) against the confused deputy; the flow log id is not known before the role
   * exists, so the ARN is any flow log of this account and region.
   */
  private flowLogRole(): iam.IRole {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'ec2',
              resource: 'vpc-flow-log',
              resourceName: '*',
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          },
        },
      }),
    });
    const policy = new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          // The group's ARN attribute is `log-group:<name>:*`, which already covers its streams.
          resources: [this.flowLogGroup.logGroupArn],
        }),
      ],
    });
    role.addManagedPolicy(policy);
    return role.withoutPolicyUpdates();
  }

  /**
   * CDK's provider of the default-SG restriction: its role gets a source condition (ORG-7), and cfn-lint W3005 on its
   * handler (a DependsOn next to a GetAtt), harmless, is silenced on that resource only.
   */
  private hardenDefaultSgProvider(): void {
    const provider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    const providerHandler = provider?.node.tryFindChild('Handler') as CfnResource | undefined;
    providerHandler?.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    // ORG-7: CDK's provider role trusts lambda.amazonaws.com with no source condition; only this account's
    // functions may assume it (AWS's own Lambda trust-policy samples carry aws:SourceAccount).
    const providerRole = provider?.node.tryFindChild('Role') as CfnResource | undefined;
    providerRole?.addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition', {
      StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
    });
  }

  private acknowledgePublicRoutes(): void {
    for (const subnet of this.vpc.publicSubnets) {
      acknowledge(
        subnet.node.findChild('DefaultRoute'),
        'Public subnets hold only NAT gateways (no public IP is ever auto-assigned, the load balancer is internal): ' +
          'this route is their egress. Inbound traffic is refused by security groups; flow logs record every flow.',
        { compliance: 'VPCNoUnrestrictedRouteToIGW' },
      );
    }
  }
}
