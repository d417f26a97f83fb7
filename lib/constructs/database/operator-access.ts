import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledgeInCompliancePacks } from '../../defaults/nag';
import type { SecureDatabase } from './secure-database';

/** The only Session Manager document operators may run: a TCP tunnel to one remote host and port, no shell. */
export const PORT_FORWARDING_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';
/** State Manager document that patches the host. */
export const PATCH_DOCUMENT = 'AWS-RunPatchBaseline';
/** The access host only relays one TCP stream at a time: the smallest Graviton size. */
export const DEFAULT_HOST_INSTANCE_TYPE = 't4g.nano';
/** Daily in-place patching of the access host (UTC), besides the new image each deploy brings. */
export const DEFAULT_PATCH_SCHEDULE = 'cron(0 4 ? * * *)';

/** Properties of {@link OperatorAccess}. */
export interface OperatorAccessProps {
  /** VPC of the database; the host runs in its private (egress) subnets. */
  readonly vpc: ec2.IVpc;
  /** The database operators reach. */
  readonly database: SecureDatabase;
  /** Known operator addresses (IPv4 and IPv6 CIDRs); sessions start only from them. */
  readonly operatorCidrs: readonly string[];
  /** Database user of the read-only role (IAM authentication). */
  readonly readOnlyUser: string;
  /**
   * Instance type of the access host.
   * @default DEFAULT_HOST_INSTANCE_TYPE
   */
  readonly hostInstanceType?: string;
  /**
   * When Patch Manager installs updates on the host.
   * @default DEFAULT_PATCH_SCHEDULE
   */
  readonly patchSchedule?: string;
}

/**
 * The operator path to the database (DB-1, DB-3, ORG-1).
 *
 * Design: an SSM Session Manager port-forwarding session through a minimal private
 * host. Nothing listens on the internet: the host has no inbound rule and no public
 * address, its SSM agent dials out to Session Manager, and the tunnel ends on the
 * database port. Who may open a session is decided by IAM, not by the network: the
 * operator and read-only roles require MFA and a source address from the configured
 * operator CIDRs (`aws:SourceIp`), both to be assumed and on every action, and may
 * run only the port-forwarding document on this one host (no shell). A bastion with
 * SSH or a client VPN would open a port to the internet; RDS Data API does not cover
 * Aurora's IAM database users. The same CIDRs are published as EC2 managed prefix
 * lists (one per address family, a prefix list holds one) so network controls
 * reference one list; IAM conditions cannot reference a prefix list, so they carry
 * the CIDRs themselves, from the same config value.
 */
export class OperatorAccess extends Construct {
  /** The access host. */
  readonly host: ec2.Instance;
  /** The host's group: no ingress; egress to the database port and HTTPS (Session Manager, patches). */
  readonly securityGroup: ec2.SecurityGroup;
  /** Operators: MFA and operator CIDRs; port forwarding on the host; the master secret. */
  readonly operatorRole: iam.Role;
  /** Read-only users: MFA and operator CIDRs; port forwarding on the host; connect as the read-only user. */
  readonly readOnlyRole: iam.Role;
  /** Operator CIDRs, one list per address family present in config. */
  readonly prefixLists: ec2.CfnPrefixList[];
  /** State Manager association that patches the host daily (ORG-5). */
  readonly patchAssociation: ssm.CfnAssociation;

  constructor(scope: Construct, id: string, props: OperatorAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cidrs = [...props.operatorCidrs];

    // DB-1: the known operator addresses, as managed prefix lists.
    this.prefixLists = (['IPv4', 'IPv6'] as const).flatMap((family) => {
      const entries = cidrs.filter((c) => (family === 'IPv6') === c.includes(':'));
      if (!entries.length) return [];
      return [
        new ec2.CfnPrefixList(this, `Operator${family}PrefixList`, {
          prefixListName: `${stack.stackName}-operators-${family.toLowerCase()}`,
          addressFamily: family,
          maxEntries: entries.length,
          entries: entries.map((cidr) => ({ cidr, description: 'operator address (config operatorCidrs)' })),
        }),
      ];
    });

    // No ingress at all: Session Manager traffic is initiated by the agent, outbound.
    this.securityGroup = new ec2.SecurityGroup(this, 'HostSecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Operator access host: no inbound; out to the database and HTTPS only',
    });
    // The agent reaches the Session Manager endpoints and the Amazon Linux repositories
    // over HTTPS through the NAT gateways.
    this.securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'Session Manager and package repositories (HTTPS)',
    );
    props.database.allowFrom(this.securityGroup, 'operator access host (SSM port forwarding)');

    const hostRole = new iam.Role(this, 'HostRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Operator access host: SSM agent and Patch Manager only',
    });
    // The least the SSM agent needs for sessions and patching, instead of the broader
    // AmazonSSMManagedInstanceCore (which also reads every SSM parameter).
    // ORG-1: the agent's channel and patch-snapshot actions accept no resource; every
    // action that does is scoped below, once the host exists, to this host and to the
    // SSM documents it runs.
    const agentPolicy = new iam.ManagedPolicy(this, 'HostAgentPolicy', {
      description: 'SSM agent: register, open session channels, run the patch association',
      statements: [
        new iam.PolicyStatement({
          sid: 'AgentChannels',
          actions: [
            // PutInventory too: Patch Manager reports the AWS:PatchSummary inventory with it, and
            // the IAM Service Authorization Reference lists no resource type for it, so an
            // instance ARN never matches (the call would be denied).
            'ssm:GetDeployablePatchSnapshotForInstance',
            'ssm:GetManifest',
            'ssm:PutInventory',
            'ssmmessages:CreateControlChannel',
            'ssmmessages:CreateDataChannel',
            'ssmmessages:OpenControlChannel',
            'ssmmessages:OpenDataChannel',
            'ec2messages:AcknowledgeMessage',
            'ec2messages:DeleteMessage',
            'ec2messages:FailMessage',
            'ec2messages:GetEndpoint',
            'ec2messages:GetMessages',
            'ec2messages:SendReply',
          ],
          resources: ['*'],
        }),
      ],
    });
    // Attached from the policy side: the policy names the host, so the role must not depend on it.
    agentPolicy.attachToRole(hostRole);
    Validations.of(agentPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the SSM agent channel actions (ssmmessages, ec2messages, GetManifest, GetDeployablePatchSnapshotForInstance, PutInventory) are on Resource *: they support no resource-level permissions. Every other agent action is scoped to this host and the SSM documents it runs.',
    });

    const userData = ec2.UserData.forLinux();
    // Patched from the first boot; the SSM agent ships with Amazon Linux 2023.
    userData.addCommands('dnf -y upgrade --releasever=latest', 'systemctl enable --now amazon-ssm-agent');

    this.host = new ec2.Instance(this, 'Host', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      instanceType: new ec2.InstanceType(props.hostInstanceType ?? DEFAULT_HOST_INSTANCE_TYPE),
      // Resolved from the public SSM parameter at deploy time (no lookup at synth): each
      // deploy after an image release replaces the host with a patched image.
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      securityGroup: this.securityGroup,
      role: hostRole,
      userData,
      // IMDSv2 only, one hop (containers cannot reach the role), set on the instance itself.
      httpTokens: ec2.HttpTokens.REQUIRED,
      httpPutResponseHopLimit: 1,
      httpEndpoint: true,
      detailedMonitoring: true,
      ebsOptimized: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
        },
      ],
    });
    // ORG-5: the host is patched in place every day too.
    this.patchAssociation = new ssm.CfnAssociation(this, 'PatchAssociation', {
      name: PATCH_DOCUMENT,
      scheduleExpression: props.patchSchedule ?? DEFAULT_PATCH_SCHEDULE,
      targets: [{ key: 'InstanceIds', values: [this.host.instanceId] }],
      parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] },
      complianceSeverity: 'HIGH',
    });
    const hostArn = stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: this.host.instanceId });
    // UpdateInstanceAssociationStatus requires the association resource type (IAM Service
    // Authorization Reference): without the association's own ARN the agent cannot report the
    // patch run, and DescribeAssociation is evaluated against it too.
    const associationArn = stack.formatArn({
      service: 'ssm',
      resource: 'association',
      resourceName: this.patchAssociation.attrAssociationId,
    });
    // The only documents this host runs: the patch association and operators' port forwarding.
    const documents = [PATCH_DOCUMENT, PORT_FORWARDING_DOCUMENT].map((name) =>
      stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: name }),
    );
    agentPolicy.addStatements(
      new iam.PolicyStatement({
        sid: 'AgentOnThisHost',
        actions: ['ssm:UpdateInstanceInformation', 'ssm:ListInstanceAssociations', 'ssm:PutComplianceItems'],
        resources: [hostArn],
      }),
      new iam.PolicyStatement({
        sid: 'AgentAssociations',
        actions: ['ssm:DescribeAssociation', 'ssm:UpdateInstanceAssociationStatus'],
        resources: [hostArn, associationArn, ...documents],
      }),
      new iam.PolicyStatement({
        sid: 'AgentDocuments',
        actions: ['ssm:GetDocument', 'ssm:DescribeDocument'],
        resources: documents,
      }),
    );

    for (const id of ['AwsSolutions-EC29', 'NIST.800.53.R5-EC2InstanceTerminationProtection']) {
      Validations.of(this.host.instance).acknowledge({
        id,
        reason:
          'Stateless relay host holding no data: CloudFormation replaces it whenever a new Amazon Linux image is released, which termination protection would block; the stack itself has termination protection.',
      });
    }
    acknowledgeInCompliancePacks(
      this.host.instance,
      'EC2EBSInBackupPlan',
      'The host volume holds only the operating system, rebuilt from the public Amazon Linux image on every replacement; there is nothing to restore.',
    );

    // DB-1 / DB-3: every human statement requires MFA and a known operator address.
    const humanConditions = {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      IpAddress: { 'aws:SourceIp': cidrs },
    };
    const assumedByOperators = new iam.AccountRootPrincipal().withConditions(humanConditions);
    const portForwarding = new iam.PolicyStatement({
      sid: 'PortForwardToDatabaseOnly',
      actions: ['ssm:StartSession'],
      resources: [
        stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: this.host.instanceId }),
        stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: PORT_FORWARDING_DOCUMENT }),
      ],
      // Forces an explicit document: without it, StartSession falls back to the shell document.
      conditions: { ...humanConditions, BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } },
    });

    this.operatorRole = new iam.Role(this, 'OperatorRole', {
      assumedBy: assumedByOperators,
      description: 'Database operators: MFA and operator CIDRs; SSM port forwarding to the database; the master secret',
    });
    this.operatorRole.addManagedPolicy(
      new iam.ManagedPolicy(this, 'OperatorPolicy', {
        description: 'Port forwarding to the database and the master secret, with MFA from operator addresses',
        statements: [
          portForwarding,
          new iam.PolicyStatement({
            sid: 'ReadMasterSecret',
            actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            resources: [props.database.masterSecretArn],
            conditions: humanConditions,
          }),
          new iam.PolicyStatement({
            sid: 'DecryptMasterSecret',
            actions: ['kms:Decrypt'],
            resources: [props.database.secretKey.keyArn],
            // Secrets Manager calls KMS on the operator's behalf: that call carries no operator
            // address, so aws:SourceIp would always fail here; GetSecretValue above carries it.
            conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
          }),
        ],
      }),
    );

    this.readOnlyRole = new iam.Role(this, 'ReadOnlyRole', {
      assumedBy: assumedByOperators,
      description: `Read-only database access: MFA and operator CIDRs; SSM port forwarding; rds-db:connect as ${props.readOnlyUser} only`,
    });
    // No address condition on rds-db:connect: RDS checks the token as the tunnel delivers it,
    // from the access host's private address. The role's trust (MFA, operator CIDRs) and the
    // session statement hold that line.
    const readOnlyConnect = props.database.connectStatement(props.readOnlyUser);
    this.readOnlyRole.addManagedPolicy(
      new iam.ManagedPolicy(this, 'ReadOnlyPolicy', {
        description: `Port forwarding to the database and rds-db:connect as ${props.readOnlyUser}, with MFA from operator addresses`,
        statements: [portForwarding, readOnlyConnect],
      }),
    );
  }
}
