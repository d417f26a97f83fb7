import { Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { FargateApp } from '../constructs/app/fargate-app';
import { LogBucket } from '../constructs/app/log-bucket';
import { OriginEndpoint } from '../constructs/app/origin-endpoint';
import { EdgeWebAcl } from '../constructs/edge/web-acl';
import { acknowledgeInCompliancePacks } from '../defaults/nag';

/** Prefix of the access-log bucket's own S3 server access logs. */
const SERVER_ACCESS_LOGS_PREFIX = 'alb-access-logs-bucket/';

/** Properties of {@link AppStack}. */
export interface AppStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** VPC of the app tier (private subnets) and load balancer. */
  readonly vpc: ec2.IVpc;
  /** Security group the database admits; the tasks use it. */
  readonly appSecurityGroup: ec2.ISecurityGroup;
  /** Task role: may connect to the database as the application user only. */
  readonly appRole: iam.IRole;
  /** The database the app connects to. */
  readonly cluster: rds.IDatabaseCluster;
  /** Hosted zones by domain name (empty for stages without DNS). */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
}

/** Primary region: the load balancer, its regional WAF and the Fargate app tier (EDGE-1, EDGE-2, EDGE-5, EDGE-8, ORG-2). */
export class AppStack extends Stack {
  /** The internal, TLS-only load balancer. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The REGIONAL web ACL on the load balancer. */
  readonly webAcl: wafv2.CfnWebACL;
  /** Name the load balancer's certificate is issued for, and that CloudFront's VPC origin must use. */
  readonly originDomainName: string;
  /** The Fargate service and its cluster, task definition and logs. */
  readonly app: FargateApp;
  /** Bucket of the load balancer's access logs. */
  readonly accessLogsBucket: LogBucket;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const c = props.config;
    const domain = c.domains[0];
    if (!domain) {
      throw new Error(
        `${id}: the load balancer needs a TLS certificate, hence a domain: add one to "domains" of stage ${c.name} ` +
          '(an internal stage can import its zone by "hostedZoneId")',
      );
    }
    this.originDomainName = `${c.edge.originSubdomain}.${domain.name}`;

    // Access logs: SSE-S3 because ELB delivers only to SSE-S3 buckets (see LogBucket);
    // the log bucket's own reads and writes are logged to a second bucket.
    const retentionDays = c.edge.accessLogRetentionDays;
    const serverAccessLogs = new LogBucket(this, 'ServerAccessLogs', { retentionDays });
    this.accessLogsBucket = new LogBucket(this, 'AccessLogs', {
      retentionDays,
      serverAccessLogsBucket: serverAccessLogs.bucket,
      serverAccessLogsPrefix: SERVER_ACCESS_LOGS_PREFIX,
    });
    acknowledgeLogBucket(serverAccessLogs, true);
    acknowledgeLogBucket(this.accessLogsBucket, false);

    // EDGE-8: the regional web ACL. On a public stage it sits behind CloudFront's VPC origin and
    // sees the origin's interfaces in the VPC, not the clients: per-IP rate rules key on the
    // client address CloudFront forwards in X-Forwarded-For, and account takeover prevention,
    // which can only count connection addresses, runs in the CLOUDFRONT ACL alone (here it would
    // lock every user out together). On an internal stage clients connect directly: there
    // X-Forwarded-For is whatever the client writes, so the rules key on the connection address.
    const behindCloudFront = c.exposure === 'public';
    const acl = new EdgeWebAcl(this, 'WebAcl', {
      scope: 'REGIONAL',
      config: c,
      forwardedIpHeader: behindCloudFront ? 'X-Forwarded-For' : undefined,
      accountTakeoverPrevention: !behindCloudFront,
    });
    this.webAcl = acl.webAcl;

    // EDGE-1, EDGE-2, EDGE-3, EDGE-5, EDGE-8, ORG-2: the internal, TLS-only load balancer, its
    // certificate, its private name and its web ACL association.
    const origin = new OriginEndpoint(this, 'Origin', {
      vpc: props.vpc,
      vpcCidr: c.vpcCidr,
      domainName: this.originDomainName,
      validationZone: props.zones[domain.name],
      zoneComment: `${c.name}: private name of the internal load balancer`,
      accessLogsBucket: this.accessLogsBucket.bucket,
      responseHeaders: { contentSecurityPolicy: c.edge.contentSecurityPolicy },
      webAcl: this.webAcl,
    });
    this.loadBalancer = origin.loadBalancer;

    const endpoint = props.cluster.clusterEndpoint;
    this.app = new FargateApp(this, 'App', {
      vpc: props.vpc,
      app: c.app,
      taskRole: props.appRole,
      securityGroup: props.appSecurityGroup,
      // libpq's standard variables: most PostgreSQL clients read them as they are. No password:
      // the app signs an IAM authentication token (DB-2) and must verify the server certificate.
      environment: {
        PGHOST: endpoint.hostname,
        PGPORT: Token.asString(endpoint.port),
        PGDATABASE: c.database.databaseName,
        PGUSER: c.database.appUser,
        PGSSLMODE: 'verify-full',
        DB_AUTH: 'iam',
      },
    });

    origin.forwardTo(this.app, props.appSecurityGroup, {
      port: c.app.containerPort,
      healthCheckPath: c.app.healthCheckPath,
    });
  }
}

/** Acknowledgments a log bucket needs: the rules ask for properties log delivery cannot have. */
function acknowledgeLogBucket(log: LogBucket, isServerAccessLogDestination: boolean): void {
  const bucket = log.bucket;
  const sseS3 =
    'Log delivery (Elastic Load Balancing access logs, S3 server access logs) works only into buckets with SSE-S3 (AES-256) default ' +
    'encryption; SSE-KMS buckets receive nothing. The bucket is private, TLS-only and versioned.';
  acknowledgeInCompliancePacks(bucket, 'S3DefaultEncryptionKMS', sseS3);
  const replication =
    'Load balancer request logs are operational telemetry kept for a limited time and expired by lifecycle; the authoritative ' +
    'audit trail (CloudTrail) and the data have their own cross-region copies.';
  acknowledgeInCompliancePacks(bucket, 'S3BucketReplicationEnabled', replication);
  if (isServerAccessLogDestination) {
    const loop =
      'This bucket is the S3 server access log destination of the access log bucket; logging it too would need a third bucket, and so on.';
    for (const id of [
      'AwsSolutions-S1',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'PCI.DSS.321-S3BucketLoggingEnabled',
      'HIPAA.Security-S3BucketLoggingEnabled',
    ]) {
      Validations.of(bucket).acknowledge({ id, reason: loop });
    }
  }
}
