// The claims of SPEC.md (../shared/SPEC.md, copied here because CI has only the repository).
// Keep in sync with the spec: a test checks the report covers every ID listed here.

/** One promise of the security page and what the stack declares to keep it. */
export interface Claim {
  readonly id: string;
  /** What the page promises (empty for PROOF claims: what a reviewer can check). */
  readonly promise: string;
  readonly declared: string;
}

export const CLAIMS: readonly Claim[] = [
  {
    id: 'DB-1',
    promise: 'the database is reachable only from the application layer and a fixed set of known operator IP addresses',
    declared:
      "Aurora (PostgreSQL by default) in isolated subnets, never publicly accessible; its security group admits the app tier's security group and the operator access path only, on the DB port only; no 0.0.0.0/0 or ::/0 anywhere on it. Known operator CIDRs come from configuration (an `AWS::EC2::PrefixList`), and are enforced on the operator path (e.g. `aws:SourceIp` on the operator role used for an SSM port-forwarding session); no inbound port is opened to the internet for operators",
  },
  {
    id: 'DB-2',
    promise: 'users prove their identity',
    declared:
      'IAM database authentication on; the master secret generated in Secrets Manager (never in code or template); TLS enforced on every DB connection (`rds.force_ssl`/`require_secure_transport`)',
  },
  {
    id: 'DB-3',
    promise: 'role-based permissions',
    declared:
      'separate IAM roles: app (connect as the app DB user only), read-only, operator (MFA required); no wildcard actions on data',
  },
  {
    id: 'DB-4',
    promise: '(implied) data at rest is encrypted',
    declared: 'storage, Performance Insights and log groups encrypted with a customer-managed KMS key with rotation',
  },
  {
    id: 'DB-5',
    promise: 'database activity is audited',
    declared:
      'engine audit logging (pgaudit for PostgreSQL) exported to CloudWatch Logs with a set retention, encrypted',
  },
  {
    id: 'DB-6',
    promise: '(implied) the database survives the loss of a zone',
    declared:
      'a writer and a reader in different AZs; deletion protection on; removal policy that keeps data (RETAIN or SNAPSHOT)',
  },
  {
    id: 'BKP-1',
    promise: 'backups are encrypted with AES-256',
    declared: 'AWS Backup vaults encrypted with customer-managed KMS keys (AES-256), one key per region, rotation on',
  },
  {
    id: 'BKP-2',
    promise: 'full backups every few hours, differential hourly, transaction log every 10-15 min',
    declared:
      'one AWS Backup plan: continuous backup (point-in-time restore to the second, RPO of minutes: Beyond the 10-15 min of the page) plus scheduled snapshot rules, the most frequent at most every 4 hours (hourly where the snapshot quota allows), each with its own retention',
  },
  {
    id: 'BKP-3',
    promise: 'geo-redundant',
    declared:
      "every scheduled rule copies its recovery points to a vault in a second region of the same jurisdiction (EU by default, for GDPR), encrypted with that region's key; optionally to a second account",
  },
  {
    id: 'BKP-4',
    promise: 'restore to a point in time',
    declared: "the continuous rule's window and a written restore runbook with the exact commands",
  },
  {
    id: 'BKP-5',
    promise: 'backup integrity checked regularly',
    declared:
      'AWS Backup restore testing (`AWS::Backup::RestoreTestingPlan` + selection) on a schedule, plus AWS Backup Audit Manager controls (encrypted, cross-region copy, minimum retention, frequency); failed backup, copy or restore jobs raise an alarm. Beyond: automatic, not semi-automatic',
  },
  {
    id: 'BKP-6',
    promise: 'kept 90 days, then destroyed',
    declared:
      "the rule that keeps the 90-day history (daily, say) and its copies are deleted at exactly 90 days; nothing is kept longer; shorter-lived frequent snapshots are allowed. A vault lock whose maximum retention is 90 days makes destruction enforceable, and whose minimum retention stops early deletion but never exceeds the shortest retention written into that vault (a lock fails every job under its minimum; continuous recovery points, at most 35 days, need a vault of their own). The steady-state number of snapshots per region, computed from the plan, is checked at synth against the account's RDS snapshot quota (100 manual cluster snapshots per region unless raised, in config): over it, a clear error naming the quota increase to request",
  },
  {
    id: 'DET-1',
    promise: 'detect abnormal database connections',
    declared:
      'GuardDuty with RDS login activity protection (plus S3 and malware protection); works whether or not the account already has a detector (config switch)',
  },
  {
    id: 'DET-2',
    promise: 'detect SQL injection',
    declared: 'WAF SQL injection managed rules on every public entry; a metric alarm on their matches',
  },
  {
    id: 'DET-3',
    promise: 'alert the team immediately',
    declared:
      "GuardDuty findings over a configurable severity, Security Hub findings, WAF and backup alarms routed through EventBridge to a KMS-encrypted SNS topic with the team's address",
  },
  {
    id: 'DET-4',
    promise: '(implied) an audit trail for breach notification',
    declared: 'CloudTrail (log file validation, KMS), VPC flow logs, log retention set',
  },
  {
    id: 'DET-5',
    promise: 'public status tracking (they use Pingdom)',
    declared: 'Route 53 health checks on each public hostname, a CloudWatch Synthetics canary, alarms and a dashboard',
  },
  {
    id: 'EDGE-1',
    promise: 'all requests over HTTPS',
    declared:
      'CloudFront redirects HTTP to HTTPS on every behavior; ALB HTTP listener only redirects (301) to HTTPS; CloudFront reaches the origin over HTTPS only',
  },
  {
    id: 'EDGE-2',
    promise: 'SSL 2/3 prohibited (TLS 1.0-1.2 allowed)',
    declared:
      'Beyond: TLS 1.2+ only, forward-secret AEAD suites only: CloudFront `TLSv1.2_2021` or newer, ALB `ELBSecurityPolicy-TLS13-1-2-Res-2021-06` or newer, origin TLS 1.2 only',
  },
  {
    id: 'EDGE-3',
    promise: 'certificate of the strongest standard; Expect-CT',
    declared: 'ACM certificates, DNS-validated, auto-renewed; CAA records allowing only Amazon to issue (Beyond)',
  },
  {
    id: 'EDGE-4',
    promise:
      'security headers: X-XSS-Protection, CSP, HSTS (long lifespan), Expect-CT, Referrer-Policy; "A" on securityheaders',
    declared:
      'a CloudFront response headers policy on every behavior with HSTS (two years, includeSubDomains, preload), a strict CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy, overriding the origin, and the Server/X-Powered-By headers removed. Beyond: "A+". X-XSS-Protection and Expect-CT are obsolete (browsers dropped the XSS auditor; Chromium enforces Certificate Transparency by default since version 107): by default send `X-XSS-Protection: 0` (current OWASP advice) and no Expect-CT, both configurable, and the compliance report says why',
  },
  {
    id: 'EDGE-5',
    promise: '"A+" on SSL Labs',
    declared:
      'follows from EDGE-1..4 with HSTS; the load balancer is not reachable around CloudFront (origin-facing prefix list plus a secret header, or CloudFront VPC origins)',
  },
  {
    id: 'EDGE-6',
    promise: 'brute-force protection on login',
    declared:
      'WAF account takeover prevention managed rules on the login path and a rate-based rule per IP on login and password-reset paths',
  },
  {
    id: 'EDGE-7',
    promise: 'cookies always HttpOnly and Secure',
    declared:
      "a CloudFront Function on viewer response that adds `Secure`, `HttpOnly` (and `SameSite`) to every Set-Cookie missing them; the function's code has its own unit tests",
  },
  {
    id: 'EDGE-8',
    promise: '(implied) WAF in front of the site',
    declared:
      'WAF web ACLs for CloudFront (us-east-1) and for the ALB (regional): common rules, known bad inputs, SQLi, IP reputation; logging with sensitive fields redacted',
  },
  {
    id: 'EDGE-9',
    promise: 'two brands on one platform',
    declared:
      'any number of domains (e.g. ballejaune.com, openresa.com) from configuration, each with certificate, aliases, DNS and mail',
  },
  {
    id: 'MAIL-1',
    promise: 'SPF, DKIM, DMARC with a quarantine policy',
    declared:
      'SES domain identity per domain with Easy DKIM (2048-bit) records in Route 53, a custom MAIL FROM domain with its MX and SPF records, a DMARC record `p=quarantine` with aggregate reporting',
  },
  {
    id: 'MAIL-2',
    promise: 'unsubscribe links',
    declared: 'an SES contact list with topics, for list-unsubscribe handling',
  },
  {
    id: 'MAIL-3',
    promise: 'a speed limit against email bombardment',
    declared:
      'rate-based WAF rules on the endpoints that send mail, and an alarm on abnormal send volume, bounces and complaints (SES configuration set with event destinations, TLS required for delivery). SES quotas are per account and WAF cannot see recipients, so the per-recipient limit belongs to the application: the README says so',
  },
  {
    id: 'ORG-1',
    promise: 'staff access on need-to-know and least privilege',
    declared: 'every IAM policy scoped to its resources; no `*` action on data; operator role requires MFA',
  },
  {
    id: 'ORG-2',
    promise: 'development and test on an internal network, not reachable from outside',
    declared: 'non-production stages deploy no public entry (internal load balancer, no CloudFront, no public DNS)',
  },
  {
    id: 'ORG-3',
    promise: 'no secrets in the source',
    declared:
      'all secrets generated in Secrets Manager; a test fails if a template or the repository holds a secret-looking literal',
  },
  {
    id: 'ORG-4',
    promise: 'passwords changed every 60 days',
    declared: 'Secrets Manager rotation every 60 days on database credentials',
  },
  {
    id: 'ORG-5',
    promise: 'systems patched regularly',
    declared:
      'automatic minor version upgrades and a maintenance window on the database; patched managed runtimes for the app tier',
  },
  {
    id: 'ORG-6',
    promise: 'payments never touch our systems (PCI)',
    declared: 'no card data stored; the cdk-nag PCI DSS pack passes; the report explains scope',
  },
  {
    id: 'PROOF-1',
    promise: '',
    declared:
      '`cdk synth` runs offline with the example configuration, and cdk-nag (AwsSolutions, NIST 800-53 rev 5, PCI DSS 3.2.1, HIPAA Security) reports no unsuppressed error or warning; every suppression names its rule, the resource and a reason',
  },
  {
    id: 'PROOF-2',
    promise: '',
    declared:
      'a compliance report, generated from the synthesized app, lists every claim above with the resources and properties that keep it, and every cdk-nag suppression',
  },
  {
    id: 'PROOF-3',
    promise: '',
    declared:
      'jest snapshot tests catch any change to the templates; fine-grained tests prove each claim; invalid configuration is refused at synth time with a message that names the field',
  },
  {
    id: 'PROOF-4',
    promise: '',
    declared:
      'it works when deployed, not only at synth: every customer-managed KMS key lets the services that write with it use it (CloudWatch Logs for encrypted log groups, CloudTrail, CloudWatch alarms and EventBridge publishing to encrypted topics, AWS Backup); CDK does not always add these grants and synth does not notice',
  },
];

export const CLAIM_IDS: readonly string[] = CLAIMS.map((c) => c.id);
