import { CfnOutput, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { FargateApp } from '../constructs/app/fargate-app';
import { LogBucket } from '../constructs/app/log-bucket';
import { OriginEndpoint } from '../constructs/app/origin-endpoint';
import { EdgeWebAcl } from '../constructs/edge/web-acl';
import { originName } from '../core/naming';
import { invalidProps } from '../defaults/errors';

/** Prefix of the access-log bucket's own S3 server access logs. */
const SERVER_ACCESS_LOGS_PREFIX = 'alb-access-logs-bucket/';

/** What the app tier reads of the stage config. */
export type AppStackConfig = Pick<
  StageConfig,
  'name' | 'exposure' | 'vpcCidr' | 'domains' | 'edge' | 'app' | 'database'
>;

/** Properties of {@link AppStack}. */
export interface AppStackProps extends StackProps {
  /** The validated stage: the sections and fields the app tier is built from. */
  readonly config: AppStackConfig;
  /** VPC of the app tier (private subnets) and load balancer. */
  readonly vpc: ec2.IVpc;
  /** Security group the database admits; the tasks use it. */
  readonly appSecurityGroup: ec2.ISecurityGroup;
  /** Task role: may connect to the database as the application user only. */
  readonly appRole: iam.IRole;
  /**
   * The database the app connects to: the Data stack's active cluster (its own, or after a switch-over the restored
   * one, OPS-2); its endpoint becomes PGHOST and PGPORT.
   */
  readonly cluster: rds.IDatabaseCluster;
  /** Hosted zones by domain name (empty for stages without DNS). */
  readonly zones: Readonly<Record<string, route53.IHostedZone>>;
}

/**
 * Primary region: the load balancer, its regional WAF and the Fargate app tier (EDGE-1, EDGE-2, EDGE-5, EDGE-8, ORG-2).
 */
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
    const domain =
      c.domains[0] ??
      invalidProps(
        this,
        `the load balancer needs a TLS certificate, hence a domain: add one to "domains" of stage ${c.name} ` +
          '(an internal stage can import its zone by "hostedZoneId")',
      );
    this.originDomainName = originName(c.edge.originSubdomain, domain.name);
    this.accessLogsBucket = this.createAccessLogs(c.edge.accessLogRetentionDays);
    this.webAcl = this.createWebAcl(c);

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

    this.app = new FargateApp(this, 'App', {
      ...c.app,
      vpc: props.vpc,
      taskRole: props.appRole,
      securityGroup: props.appSecurityGroup,
      environment: databaseEnvironment(props.cluster, c.database),
    });
    origin.forwardTo(this.app);
    if (this.app.imageRepository) {
      // ORG-7: where the release pipeline pushes the image (docs/app-tier.md).
      new CfnOutput(this, 'ImageRepositoryUri', {
        description: 'Push the application image here (immutable tags); app.image names the tag',
        value: this.app.imageRepository.repositoryUri,
      });
    }
  }

  /**
   * Access logs: SSE-S3 because ELB delivers only to SSE-S3 buckets (see LogBucket);
   * the log bucket's own reads and writes are logged to a second bucket.
   */
  private createAccessLogs(retentionDays: number): LogBucket {
    const serverAccessLogs = new LogBucket(this, 'ServerAccessLogs', { retentionDays });
    return new LogBucket(this, 'AccessLogs', {
      retentionDays,
      serverAccessLogs: { bucket: serverAccessLogs.bucket, prefix: SERVER_ACCESS_LOGS_PREFIX },
    });
  }

  /**
   * EDGE-8, EDGE-10: the regional web ACL. On a public stage it sits behind CloudFront's VPC origin: its
   * connections come from CloudFront's interfaces in the VPC and every address header is client-written, so it
   * runs the content rules only and leaves every address-keyed rule (rate limits, account takeover prevention,
   * IP lists) to the CLOUDFRONT ACL, which sees the connection address. On an internal stage clients connect
   * directly: it runs them all, keyed on the connection address.
   */
  private createWebAcl(c: AppStackConfig): wafv2.CfnWebACL {
    return new EdgeWebAcl(this, 'WebAcl', {
      ...c.edge,
      scope: 'REGIONAL',
      stageName: c.name,
      seesClientAddresses: c.exposure !== 'public',
    }).webAcl;
  }
}

/**
 * libpq's standard variables: most PostgreSQL clients read them as they are. No password:
 * the app signs an IAM authentication token (DB-2) and must verify the server certificate.
 */
function databaseEnvironment(
  cluster: rds.IDatabaseCluster,
  database: Pick<StageConfig['database'], 'databaseName' | 'appUser'>,
): Record<string, string> {
  const endpoint = cluster.clusterEndpoint;
  return {
    PGHOST: endpoint.hostname,
    // A token for the stack's own cluster; a number for a restored cluster imported by its attributes (OPS-2).
    PGPORT: Token.isUnresolved(endpoint.port) ? Token.asString(endpoint.port) : String(endpoint.port),
    PGDATABASE: database.databaseName,
    PGUSER: database.appUser,
    PGSSLMODE: 'verify-full',
    DB_AUTH: 'iam',
  };
}
