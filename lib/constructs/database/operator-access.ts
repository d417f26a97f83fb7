import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { DEFAULT_HOST_INSTANCE_TYPE, DEFAULT_PATCH_SCHEDULE, DEFAULT_READ_ONLY_USER } from '../../defaults/database';
import { closedSecurityGroupProps } from '../../defaults/ec2';
import { acknowledge } from '../../defaults/nag';
import type { SecureDatabase } from './secure-database';

/** The only Session Manager document operators may run: a TCP tunnel to one remote host and port, no shell. */
export const PORT_FORWARDING_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';
/** State Manager document that patches the host. */
export const PATCH_DOCUMENT = 'AWS-RunPatchBaseline';

/** Properties of {@link OperatorAccess}. */
export interface OperatorAccessProps {
  /** VPC of the database; the host runs in its private (egress) subnets. */
  readonly vpc: ec2.IVpc;
  /** The database operators reach. */
  readonly database: SecureDatabase;
  /** Known operator addresses (IPv4 and IPv6 CIDRs); sessions start only from them. */
  readonly operatorCidrs: readonly string[];
  /**
   * Database user of the read-only role (IAM authentication, DB-3).
   * @default DEFAULT_READ_ONLY_USER ('readonly_user')
   */
  readonly readOnlyUser?: string;
  /**
   * Instance type of the access host.
   * @default DEFAULT_HOST_INSTANCE_TYPE ('t4g.nano')
   */
  readonly hostInstanceType?: string;
  /**
   * When Patch Manager installs updates on the host (ORG-5).
   * @default DEFAULT_PATCH_SCHEDULE ('cron(0 4 ? * * *)': daily, 04:00 UTC)
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
  /** Operator CIDRs, one list per address family present in `operatorCidrs`. */
  readonly prefixLists: ec2.CfnPrefixList[];
  /** State Manager association that patches the host daily (ORG-5). */
  readonly patchAssociation: ssm.CfnAssociation;

  constructor(scope: Construct, id: string, props: OperatorAccessProps) {
    super(scope, id);
    const cidrs = [...props.operatorCidrs];
    this.prefixLists = this.operatorPrefixLists(cidrs);
    this.securityGroup = this.hostSecurityGroup(props);

    const hostRole = this.hostRole();
    const agentPolicy = this.agentPolicy(hostRole);
    this.host = this.createHost(props, hostRole);
    // ORG-5: the host is patched in place every day too.
    this.patchAssociation = new ssm.CfnAssociation(this, 'PatchAssociation', {
      name: PATCH_DOCUMENT,
      scheduleExpression: props.patchSchedule ?? DEFAULT_PATCH_SCHEDULE,
      targets: [{ key: 'InstanceIds', values: [this.host.instanceId] }],
      parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] },
      complianceSeverity: 'HIGH',
    });
    this.scopeAgentToHost(agentPolicy);
    this.acknowledgeHost();

    // DB-1 / DB-3: every human statement requires MFA and a known operator address.
    const humanConditions = {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      IpAddress: { 'aws:SourceIp': cidrs },
    };
    this.operatorRole = this.createOperatorRole(props, humanConditions);
    this.readOnlyRole = this.createReadOnlyRole(props, humanConditions);
  }

  /** DB-1: the known operator addresses, as managed prefix lists. */
  private operatorPrefixLists(cidrs: readonly string[]): ec2.CfnPrefixList[] {
    const stackName = Stack.of(this).stackName;
    return (['IPv4', 'IPv6'] as const).flatMap((family) => {
      const entries = cidrs.filter((c) => (family === 'IPv6') === c.includes(':'));
      if (!entries.length) return [];
      return [
        new ec2.CfnPrefixList(this, `Operator${family}PrefixList`, {
          prefixListName: `${stackName}-operators-${family.toLowerCase()}`,
          addressFamily: family,
          maxEntries: entries.length,
          entries: entries.map((cidr) => ({ cidr, description: 'operator address (config operatorCidrs)' })),
        }),
      ];
    });
  }

  /** No ingress at all: Session Manager traffic is initiated by the agent, outbound. */
  private hostSecurityGroup(props: OperatorAccessProps): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(
      this,
      'HostSecurityGroup',
      closedSecurityGroupProps(props.vpc, 'Operator access host: no inbound; out to the database and HTTPS only'),
    );
    // The agent reaches the Session Manager endpoints and the Amazon Linux repositories
    // over HTTPS through the NAT gateways.
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Session Manager and package repositories (HTTPS)');
    props.database.allowFrom(group, 'operator access host (SSM port forwarding)');
    return group;
  }

  private hostRole(): iam.Role {
    return new iam.Role(this, 'HostRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Operator access host: SSM agent and Patch Manager only',
    });
  }

  /**
   * The least the SSM agent needs for sessions and patching, instead of the broader
   * AmazonSSMManagedInstanceCore (which also reads every SSM parameter).
   * ORG-1: the agent's channel and patch-snapshot actions accept no resource; every
   * action that does is scoped in {@link scopeAgentToHost}, once the host exists, to this
   * host and to the SSM documents it runs.
   */
  private agentPolicy(hostRole: iam.Role): iam.ManagedPolicy {
    const policy = new iam.ManagedPolicy(this, 'HostAgentPolicy', {
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
    policy.attachToRole(hostRole);
    acknowledge(
      policy,
      'Only the SSM agent channel actions (ssmmessages, ec2messages, GetManifest, ' +
        'GetDeployablePatchSnapshotForInstance, PutInventory) are on Resource *: they support no resource-level ' +
        'permissions. Every other agent action is scoped to this host and the SSM documents it runs.',
      'AwsSolutions-IAM5[Resource::*]',
    );
    return policy;
  }

  private createHost(props: OperatorAccessProps, role: iam.IRole): ec2.Instance {
    const userData = ec2.UserData.forLinux();
    // Patched from the first boot; the SSM agent ships with Amazon Linux 2023.
    userData.addCommands('dnf -y upgrade --releasever=latest', 'systemctl enable --now amazon-ssm-agent');
    return new ec2.Instance(this, 'Host', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      instanceType: new ec2.InstanceType(props.hostInstanceType ?? DEFAULT_HOST_INSTANCE_TYPE),
      // Resolved from the public SSM parameter at deploy time (no lookup at synth): each
      // deploy after an image release replaces the host with a patched image.
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      securityGroup: this.securityGroup,
      role,
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
  }

  /** ORG-1: every agent action that accepts a resource, on this host, its association and its documents only. */
  private scopeAgentToHost(agentPolicy: iam.ManagedPolicy): void {
    const stack = Stack.of(this);
    const hostArn = this.hostArn();
    // UpdateInstanceAssociationStatus requires the association resource type (IAM Service
    // Authorization Reference): without the association's own ARN the agent cannot report the
    // patch run, and DescribeAssociation is evaluated against it too.
    const associationArn = stack.formatArn({
      service: 'ssm',
      resource: 'association',
      resourceName: this.patchAssociation.attrAssociationId,
    });
    // The only documents this host runs: the patch association and operators' port forwarding.
    const documents = [PATCH_DOCUMENT, PORT_FORWARDING_DOCUMENT].map((name) => this.documentArn(name));
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
  }

  private acknowledgeHost(): void {
    acknowledge(
      this.host.instance,
      'Stateless relay host holding no data: CloudFormation replaces it whenever a new Amazon Linux image is ' +
        'released, which termination protection would block; the stack itself has termination protection.',
      'AwsSolutions-EC29',
      'NIST.800.53.R5-EC2InstanceTerminationProtection',
    );
    acknowledge(
      this.host.instance,
      'The host volume holds only the operating system, rebuilt from the public Amazon Linux image on every ' +
        'replacement; there is nothing to restore.',
      { compliance: 'EC2EBSInBackupPlan' },
    );
  }

  /** Operators assume their roles from the account, with MFA and from a known address. */
  private assumedByOperators(humanConditions: iam.Conditions): iam.IPrincipal {
    return new iam.AccountRootPrincipal().withConditions(humanConditions);
  }

  /** Port forwarding to the database through this host, and nothing else Session Manager offers. */
  private portForwarding(humanConditions: iam.Conditions): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'PortForwardToDatabaseOnly',
      actions: ['ssm:StartSession'],
      resources: [this.hostArn(), this.documentArn(PORT_FORWARDING_DOCUMENT)],
      // Forces an explicit document: without it, StartSession falls back to the shell document.
      conditions: { ...humanConditions, BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } },
    });
  }

  private createOperatorRole(props: OperatorAccessProps, humanConditions: iam.Conditions): iam.Role {
    const role = new iam.Role(this, 'OperatorRole', {
      assumedBy: this.assumedByOperators(humanConditions),
      description: 'Database operators: MFA and operator CIDRs; SSM port forwarding to the database; the master secret',
    });
    const policy = new iam.ManagedPolicy(this, 'OperatorPolicy', {
      description: 'Port forwarding to the database and the master secret, with MFA from operator addresses',
      statements: [
        this.portForwarding(humanConditions),
        new iam.PolicyStatement({
          sid: 'ReadMasterSecret',
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [props.database.masterSecretArn],
          conditions: humanConditions,
        }),
        ...this.restoredMasterSecret(props, humanConditions),
        new iam.PolicyStatement({
          sid: 'DecryptMasterSecret',
          actions: ['kms:Decrypt'],
          resources: [props.database.secretKey.keyArn],
          // Secrets Manager calls KMS on the operator's behalf: that call carries no operator
          // address, so aws:SourceIp would always fail here; GetSecretValue above carries it.
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      ],
    });
    role.addManagedPolicy(policy);
    if (props.database.restoredCluster) this.acknowledgeRestoredMasterSecret(policy);
    return role;
  }

  /** The restored cluster's secret has a name RDS picks at restore time: see {@link restoredMasterSecret}. */
  private acknowledgeRestoredMasterSecret(policy: iam.ManagedPolicy): void {
    acknowledge(
      policy,
      "After a switch-over (OPS-2) RDS names the restored cluster's managed master secret rds!cluster-<random> at " +
        'restore time, so no ARN can be written before it exists. The statement admits only secrets that RDS owns ' +
        "(owningService rds) and tagged with the restored cluster's ARN (aws:rds:primaryDBClusterArn), with MFA from " +
        'the operator addresses.',
      `AwsSolutions-IAM5[Resource::${this.restoredSecretPattern()}]`,
    );
  }

  /** Every RDS-managed cluster secret of this account and region (narrowed by tag where it is used). */
  private restoredSecretPattern(): string {
    const stack = Stack.of(this);
    return `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:rds!cluster-*`;
  }

  /**
   * OPS-2 switch-over: RDS gives a restored cluster a new managed master secret (named `rds!cluster-...`, its ARN
   * unknown before the restore), so the operator reads it by the tag RDS puts on every secret it manages,
   * `aws:rds:primaryDBClusterArn` (AmazonRDSServiceRolePolicy tags managed secrets with it), naming the restored
   * cluster only. The runbook makes RDS encrypt it with the secret key (`--master-user-secret-kms-key-id`), which
   * DecryptMasterSecret covers.
   */
  private restoredMasterSecret(props: OperatorAccessProps, humanConditions: iam.Conditions): iam.PolicyStatement[] {
    const restored = props.database.restoredCluster;
    if (!restored) return [];
    const stack = Stack.of(this);
    const clusterArn = stack.formatArn({
      service: 'rds',
      resource: 'cluster',
      resourceName: restored.identifier,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return [
      new iam.PolicyStatement({
        sid: 'ReadRestoredMasterSecret',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [this.restoredSecretPattern()],
        conditions: {
          ...humanConditions,
          StringEquals: {
            'secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn': clusterArn,
            'secretsmanager:ResourceTag/aws:secretsmanager:owningService': 'rds',
          },
        },
      }),
    ];
  }

  private createReadOnlyRole(props: OperatorAccessProps, humanConditions: iam.Conditions): iam.Role {
    const readOnlyUser = props.readOnlyUser ?? DEFAULT_READ_ONLY_USER;
    const role = new iam.Role(this, 'ReadOnlyRole', {
      assumedBy: this.assumedByOperators(humanConditions),
      description:
        'Read-only database access: MFA and operator CIDRs; SSM port forwarding; rds-db:connect as ' +
        `${readOnlyUser} only`,
    });
    // No address condition on rds-db:connect: RDS checks the token as the tunnel delivers it,
    // from the access host's private address. The role's trust (MFA, operator CIDRs) and the
    // session statement hold that line.
    role.addManagedPolicy(
      new iam.ManagedPolicy(this, 'ReadOnlyPolicy', {
        description:
          `Port forwarding to the database and rds-db:connect as ${readOnlyUser}, with MFA from ` +
          'operator addresses',
        statements: [this.portForwarding(humanConditions), props.database.connectStatement(readOnlyUser)],
      }),
    );
    return role;
  }

  private hostArn(): string {
    return Stack.of(this).formatArn({ service: 'ec2', resource: 'instance', resourceName: this.host.instanceId });
  }

  /** SSM documents owned by AWS have no account in their ARN. */
  private documentArn(name: string): string {
    return Stack.of(this).formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: name });
  }
}
