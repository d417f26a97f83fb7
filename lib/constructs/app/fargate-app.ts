import { ArnFormat, type CfnElement, type CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  DEFAULT_APP_IMAGE,
  DEFAULT_APP_LOG_RETENTION_DAYS,
  DEFAULT_CONTAINER_PORT,
  DEFAULT_CONTAINER_USER,
  DEFAULT_DESIRED_COUNT,
  DEFAULT_HEALTH_CHECK_PATH,
  DEFAULT_READONLY_ROOT_FILESYSTEM,
  DEFAULT_TASK_CPU,
  DEFAULT_TASK_MEMORY_MIB,
  DEFAULT_WRITABLE_PATHS,
  DIGEST_PINNED_IMAGE,
  type OwnRepositoryImage,
} from '../../defaults/app';
import { invalidProps } from '../../defaults/errors';
import { encryptedLogGroupProps } from '../../defaults/logs';
import { acknowledge } from '../../defaults/nag';
import { SecureKey } from '../secure-key';
import { ImageRepository } from './image-repository';

/** Time a new task gets before failed load balancer health checks count against it. */
const HEALTH_CHECK_GRACE = Duration.seconds(60);

/** HTTPS: where tasks pull their image and send their logs (public ECR, CloudWatch Logs). */
const HTTPS_PORT = 443;

/** Name of the one container of the task. */
export const CONTAINER_NAME = 'App';

/** A private Amazon ECR image reference: account, region and repository name. */
const PRIVATE_ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9._/-]+)(?::[\w.-]+|@sha256:[0-9a-f]{64})?$/;

/** CPU units Fargate offers a task. */
export type FargateCpu = 256 | 512 | 1024 | 2048 | 4096;

/** Properties of {@link FargateApp}. */
export interface FargateAppProps {
  /** VPC whose private subnets run the tasks. */
  readonly vpc: ec2.IVpc;
  /** Task role: what the application may do in AWS (connect to the database as its user). */
  readonly taskRole: iam.IRole;
  /** Security group of the tasks: the one the database admits. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Non-secret environment of the container (database address, user, TLS mode). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Container image (ORG-7): `{ repository: 'own', tag }` for this construct's own ECR repository (immutable tags,
   * created here), or another registry's reference pinned by digest (`<registry>/<repo>@sha256:<64 hex>`); a
   * mutable tag of another registry is refused. The execution role may pull from the own repository only (or
   * from the one private ECR repository a digest reference names).
   * @default DEFAULT_APP_IMAGE ({ repository: 'own', tag: '1.0.0' })
   */
  readonly image?: string | OwnRepositoryImage;
  /**
   * User the container runs as (`uid:gid`, or a name the image knows), never root (ORG-7, CT.ECS.PR.3).
   * @default DEFAULT_CONTAINER_USER ('101:101', the placeholder image's nginx user)
   */
  readonly user?: string;
  /**
   * Port the container listens on (plain HTTP inside the VPC).
   * @default DEFAULT_CONTAINER_PORT (8080)
   */
  readonly containerPort?: number;
  /**
   * Fargate CPU units of a task.
   * @default DEFAULT_TASK_CPU (256)
   */
  readonly cpu?: FargateCpu;
  /**
   * Fargate memory of a task in MiB (a size Fargate offers for `cpu`).
   * @default DEFAULT_TASK_MEMORY_MIB (512)
   */
  readonly memoryMiB?: number;
  /**
   * Number of tasks.
   * @default DEFAULT_DESIRED_COUNT (2)
   */
  readonly desiredCount?: number;
  /**
   * Path on the container that answers the load balancer's health check (see `OriginEndpoint.forwardTo`).
   * @default DEFAULT_HEALTH_CHECK_PATH (/)
   */
  readonly healthCheckPath?: string;
  /**
   * Whether the container's root filesystem is read-only.
   * @default DEFAULT_READONLY_ROOT_FILESYSTEM (true)
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Directories mounted as task-scoped scratch volumes, the only places a read-only container can write.
   * @default DEFAULT_WRITABLE_PATHS (['/tmp'])
   */
  readonly writablePaths?: readonly string[];
  /**
   * Days the container logs are kept (a CloudWatch Logs retention value).
   * @default DEFAULT_APP_LOG_RETENTION_DAYS (365)
   */
  readonly logRetentionDays?: number;
}

/**
 * The application tier: one ECS Fargate service in private subnets, without public
 * addresses, on the latest patched Fargate platform (ORG-5), logging to an
 * encrypted group with a set retention (DET-4). Opens the tasks' group for HTTPS out
 * (image registry, CloudWatch Logs) with a rule declared in this construct's stack.
 */
export class FargateApp extends Construct {
  /** The ECS cluster (Container Insights enhanced). */
  readonly cluster: ecs.Cluster;
  /** The task definition. */
  readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The service. */
  readonly service: ecs.FargateService;
  /** Container log group. */
  readonly logGroup: logs.LogGroup;
  /** Key of the log group. */
  readonly logKey: SecureKey;
  /** Security group of the tasks, as given. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Port the container listens on. */
  readonly containerPort: number;
  /** Path of the target health check. */
  readonly healthCheckPath: string;
  /** The stage's own image repository, when the image comes from it. */
  readonly imageRepository?: ecr.Repository;

  constructor(scope: Construct, id: string, props: FargateAppProps) {
    super(scope, id);
    const image = props.image ?? DEFAULT_APP_IMAGE;
    // ORG-7: the task runs exactly the reviewed image: from a repository whose tags never move, or by digest.
    if (typeof image === 'string' && !DIGEST_PINNED_IMAGE.test(image)) {
      invalidProps(
        this,
        `image: "${image}" is a mutable tag of another registry; pin it by digest or use the own repository`,
      );
    }
    if (typeof image !== 'string') this.imageRepository = new ImageRepository(this, 'Images').repository;
    this.securityGroup = props.securityGroup;
    this.containerPort = props.containerPort ?? DEFAULT_CONTAINER_PORT;
    this.healthCheckPath = props.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });
    this.logKey = new SecureKey(this, 'LogKey', {
      description: `Encrypts the application logs of ${Stack.of(this).stackName}`,
    });
    this.logGroup = this.createLogGroup(props.logRetentionDays ?? DEFAULT_APP_LOG_RETENTION_DAYS);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu ?? DEFAULT_TASK_CPU,
      memoryLimitMiB: props.memoryMiB ?? DEFAULT_TASK_MEMORY_MIB,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
      },
      taskRole: props.taskRole,
      // Handed over immutable: CDK would otherwise add an inline policy (IAMNoInlinePolicy).
      executionRole: this.executionRole(image).withoutPolicyUpdates(),
    });
    this.addContainer(image, props);
    this.service = this.createService(props.securityGroup, props.desiredCount ?? DEFAULT_DESIRED_COUNT);
    this.allowHttpsOut(props.securityGroup);
  }

  private createLogGroup(retentionDays: number): logs.LogGroup {
    // PROOF-4: CloudWatch Logs may use the key for the groups of this stack only
    // (CloudFormation names an unnamed group `<stack>-<logical id>-<suffix>`).
    this.logKey.allowCloudWatchLogs(`${Stack.of(this).stackName}-*`);
    return new logs.LogGroup(this, 'Logs', encryptedLogGroupProps(this.logKey.key, retentionDays));
  }

  /** The one container: unprivileged, no capability, writing only to its scratch volumes. */
  private addContainer(image: string | OwnRepositoryImage, props: FargateAppProps): void {
    const user = props.user ?? DEFAULT_CONTAINER_USER;
    // ORG-7 (CT.ECS.PR.3): never root, by name or id, whatever the image's own USER says.
    if (/^(0|root)(:|$)/.test(user)) invalidProps(this, `user: the container must not run as root, got "${user}"`);
    const linuxParameters = new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true });
    // The app listens on an unprivileged port and needs no kernel capability.
    linuxParameters.dropCapabilities(ecs.Capability.ALL);

    const container = this.taskDefinition.addContainer(CONTAINER_NAME, {
      image: ecs.ContainerImage.fromRegistry(
        typeof image === 'string' ? image : (this.imageRepository as ecr.Repository).repositoryUriForTag(image.tag),
      ),
      portMappings: [{ containerPort: this.containerPort, protocol: ecs.Protocol.TCP }],
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? DEFAULT_READONLY_ROOT_FILESYSTEM,
      user,
      privileged: false,
      linuxParameters,
      environment: { ...props.environment },
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'app' }),
    });
    if (typeof image === 'string' && PRIVATE_ECR_IMAGE.test(image)) {
      acknowledge(
        container,
        'The execution role policy grants pulls from exactly this repository (see executionRole).',
        'Annotation::@aws-cdk/aws-ecs:ecrImageRequiresPolicy',
      );
    }
    // A read-only root filesystem leaves the app only these task-scoped scratch volumes to write to.
    (props.writablePaths ?? DEFAULT_WRITABLE_PATHS).forEach((containerPath, i) => {
      const name = `scratch${i}`;
      this.taskDefinition.addVolume({ name });
      container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
    });
    // The variables hold addresses and names, never secrets: the app signs a short-lived
    // IAM authentication token with its task role instead of reading a password.
    acknowledge(
      this.taskDefinition,
      'The environment holds only the database host, port, name, user and TLS mode. There is no password to hide: ' +
        'the application authenticates with short-lived IAM tokens signed by its task role (DB-2).',
      'AwsSolutions-ECS2',
    );
  }

  private createService(securityGroup: ec2.ISecurityGroup, desiredCount: number): ecs.FargateService {
    // The service sees the tasks' group (owned by the data stack) through an immutable view:
    // CDK's automatic rules for load balancer targets would otherwise be written into the
    // data stack and point back at this one, a dependency cycle. The owner of this construct
    // declares the ingress rule in its own stack instead (`addIngressRule(..., remoteRule)`).
    const serviceGroup = ec2.SecurityGroup.fromSecurityGroupId(
      this,
      'TaskSecurityGroup',
      securityGroup.securityGroupId,
      {
        mutable: false,
        allowAllOutbound: false,
      },
    );
    const service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount,
      securityGroups: [serviceGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      // ORG-5: every new task starts on the newest, patched Fargate platform.
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: HEALTH_CHECK_GRACE,
      enableECSManagedTags: true,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableExecuteCommand: false,
    });
    // cfn-lint W3005 on CDK's own DependsOn (target group and listener, so the group is attached
    // before tasks register) next to the Ref to the same target group: harmless, silenced here only.
    (service.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    return service;
  }

  /**
   * The tasks' only way out besides the load balancer's replies: HTTPS, for the image and the logs.
   * Declared in this construct's stack, like the ingress rule, for the same reason (no cycle).
   */
  private allowHttpsOut(securityGroup: ec2.ISecurityGroup): void {
    new ec2.CfnSecurityGroupEgress(this, 'HttpsEgress', {
      groupId: securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIp: '0.0.0.0/0',
      description: 'Tasks: HTTPS out through NAT for the image registry and CloudWatch Logs',
    });
  }

  /**
   * The role ECS uses to start tasks: write to this log group, and pull the image
   * when it lives in a private ECR repository. A managed policy rather than CDK's
   * inline default (NIST/PCI/HIPAA IAMNoInlinePolicy).
   */
  private executionRole(image: string | OwnRepositoryImage): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    const statements = [
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // Streams are named by ECS at run time (`app/App/<task id>`): the wildcard stays inside this one group.
        resources: [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: `${this.logGroup.logGroupName}:log-stream:*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    ];
    const repositoryArn = this.pulledRepositoryArn(image);
    if (repositoryArn) statements.push(...ecrPullStatements(repositoryArn));
    const policy = new iam.ManagedPolicy(this, 'ExecutionPolicy', { statements });
    role.addManagedPolicy(policy);
    this.acknowledgeExecutionPolicy(policy, repositoryArn !== undefined);
    role.addManagedPolicy(this.guardDutyAgentPolicy());
    return role;
  }

  /**
   * DET-6: GuardDuty runtime monitoring adds its security agent to every task as a sidecar, pulled with the task
   * execution role from GuardDuty's repository of this region, whose owning account differs per region (GuardDuty
   * user guide, "Prerequisites for container image access"); the tasks reach ECR and GuardDuty's VPC endpoint
   * through the HTTPS egress of {@link allowHttpsOut}. A policy of its own: the image's policy stays scoped to the
   * image's one repository (ORG-7).
   */
  private guardDutyAgentPolicy(): iam.ManagedPolicy {
    const agentRepository = Stack.of(this).formatArn({
      service: 'ecr',
      account: '*',
      resource: 'repository',
      resourceName: 'aws-guardduty-agent-fargate',
    });
    const policy = new iam.ManagedPolicy(this, 'GuardDutyAgentPolicy', {
      description: 'Pull the GuardDuty runtime monitoring agent (DET-6)',
      statements: ecrPullStatements(agentRepository),
    });
    acknowledge(
      policy,
      "The GuardDuty agent's repository is named by GuardDuty; its owning account differs per region, so the account " +
        'is the wildcard: the repository name and region are fixed.',
      `AwsSolutions-IAM5[Resource::${agentRepository}]`,
    );
    acknowledge(
      policy,
      'ecr:GetAuthorizationToken supports no resource-level permission.',
      'AwsSolutions-IAM5[Resource::*]',
    );
    return policy;
  }

  /** The execution policy's wildcards: log streams ECS names at run time, and the ECR token. */
  private acknowledgeExecutionPolicy(policy: iam.ManagedPolicy, pullsFromEcr: boolean): void {
    const stack = Stack.of(this);
    const logGroupId = stack.getLogicalId(this.logGroup.node.defaultChild as CfnElement);
    acknowledge(
      policy,
      'ECS names one log stream per task at run time; the wildcard is confined to streams of this one log group.',
      `AwsSolutions-IAM5[Resource::arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:<${logGroupId}>:log-stream:*]`,
    );
    if (pullsFromEcr) {
      acknowledge(
        policy,
        'ecr:GetAuthorizationToken supports no resource-level permission; image pulls are scoped to the ' +
          'one repository.',
        'AwsSolutions-IAM5[Resource::*]',
      );
    }
  }

  /** ARN of the one private ECR repository the image comes from: the own one, or the one a reference names. */
  private pulledRepositoryArn(image: string | OwnRepositoryImage): string | undefined {
    if (typeof image !== 'string') return this.imageRepository?.repositoryArn;
    const match = PRIVATE_ECR_IMAGE.exec(image);
    if (!match) return undefined;
    const [, account, region, resourceName] = match;
    return Stack.of(this).formatArn({ service: 'ecr', account, region, resource: 'repository', resourceName });
  }
}

/** ORG-7: pulls from one repository only. */
function ecrPullStatements(repositoryArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      resources: [repositoryArn],
    }),
    // GetAuthorizationToken has no resource-level permission.
    new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
  ];
}
