import { z } from 'zod';
import { cidrProblem } from '../core/cidr';
import { DEFAULT_FLOW_LOG_RETENTION_DAYS, DEFAULT_VPC_CIDR } from '../defaults/network';
import {
  DEFAULT_BOOTSTRAP_QUALIFIER,
  DEFAULT_BREAK_GLASS_ROLE_NAME,
  DEFAULT_LIFECYCLE,
  LIFECYCLES,
} from '../defaults/operations';
import { appSchema } from './sections/app';
import { backupSchema } from './sections/backup';
import { email, logRetention, region } from './sections/common';
import { databaseSchema } from './sections/database';
import { detectionSchema } from './sections/detection';
import { edgeSchema } from './sections/edge';
import { mailSchema } from './sections/mail';

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * One stage of the platform. Field names up to `guardDuty` are a contract with
 * operators' config files: never rename them.
 */
export const stageSchema = z.strictObject({
  /** Path of the JSON Schema, for editor completion; ignored. */
  $schema: z.string().optional().describe('Path of the JSON Schema, for editor completion; ignored.'),
  /** Stage name, used as the stack name prefix (`<name>-Data`). */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,19}$/, {
      message: 'must be 2-20 characters: a lowercase letter, then lowercase letters, digits or -',
    })
    .describe('Stage name, used as the stack name prefix (`<name>-Data`).'),
  /** "public": served to the internet through CloudFront; "internal": no public entry at all (ORG-2). */
  exposure: z
    .enum(['public', 'internal'])
    .describe('"public": served to the internet through CloudFront; "internal": no public entry at all (ORG-2).'),
  /** AWS account id the stage deploys to. */
  account: z
    .string()
    .regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id, as a string' })
    .describe('AWS account id the stage deploys to.'),
  /** Region of the database and application. */
  primaryRegion: region.describe('Region of the database and application.'),
  /** Region of the backup copies, in the primary region's jurisdiction. */
  backupRegion: region.describe("Region of the backup copies, in the primary region's jurisdiction."),
  /** Availability zones of the primary region the VPC spans (at least two). */
  availabilityZones: z
    .array(z.string())
    .min(2, { message: 'needs at least two zones so the database survives the loss of one' })
    .describe('Availability zones of the primary region the VPC spans (at least two).'),
  /** Domains served (one per brand), each with an optional existing hosted zone. */
  domains: z
    .array(
      z.strictObject({
        /** The domain (a brand), lowercase: the site is served at it and at www.<domain>. */
        name: z
          .string()
          .regex(DOMAIN_RE, { message: 'is not a lowercase DNS domain name such as example.com' })
          .describe('The domain (a brand), lowercase: the site is served at it and at www.<domain>.'),
        /** Its existing Route 53 public hosted zone; without it, the Dns stack creates one. */
        hostedZoneId: z
          .string()
          .regex(/^Z[A-Z0-9]{4,32}$/, {
            message: 'is not a Route 53 hosted zone id (Z followed by letters and digits)',
          })
          .optional()
          .describe('Its existing Route 53 public hosted zone; without it, the Dns stack creates one.'),
      }),
    )
    .describe('Domains served (one per brand), each with an optional existing hosted zone.'),
  /** Operator IP ranges (CIDR) allowed to open a database session. */
  operatorCidrs: z
    .array(
      z.string().superRefine((v, ctx) => {
        const problem = cidrProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .min(1, { message: 'needs at least one operator CIDR' })
    .describe('Operator IP ranges (CIDR) allowed to open a database session.'),
  /** Addresses subscribed to the team's alert topic. */
  alertEmails: z
    .array(email)
    .min(1, { message: 'needs at least one address, or alerts reach nobody' })
    .describe("Addresses subscribed to the team's alert topic."),
  /** "create" a GuardDuty detector, or use the account's "existing" one in each region. */
  guardDuty: z
    .enum(['create', 'existing'])
    .describe('"create" a GuardDuty detector, or use the account\'s "existing" one in each region.'),
  /** VPC IPv4 range. */
  vpcCidr: z
    .string()
    .superRefine((v, ctx) => {
      const problem = cidrProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      else if (!/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-4])$/.test(v))
        ctx.addIssue({ code: 'custom', message: 'must be an IPv4 range from /16 to /24' });
    })
    .default(DEFAULT_VPC_CIDR)
    .describe('VPC IPv4 range.'),
  /** NAT gateways: one per zone survives a zone loss; 1 is cheaper for test stages. */
  natGateways: z
    .number()
    .int()
    .min(1)
    .max(6)
    .optional()
    .describe('NAT gateways: one per zone survives a zone loss; 1 is cheaper for test stages.'),
  /** Days VPC flow logs are kept. */
  flowLogRetentionDays: logRetention(DEFAULT_FLOW_LOG_RETENTION_DAYS).describe('Days VPC flow logs are kept.'),
  /**
   * "durable" (default): termination protection, retained keys, vaults and logs, vault locks, the air-gapped copy
   * and the key guard. "disposable" (internal stages only): a test stage that `cdk destroy` removes; no termination
   * protection, no vault lock, no air-gapped copy, no key guard (OPS-3).
   */
  lifecycle: z
    .enum(LIFECYCLES)
    .default(DEFAULT_LIFECYCLE)
    .describe(
      '"durable" (default): termination protection, retained keys, vaults and logs, vault locks, the air-gapped copy and the key guard. "disposable" (internal stages only): a test stage that `cdk destroy` removes; no termination protection, no vault lock, no air-gapped copy, no key guard (OPS-3).',
    ),
  /**
   * Claims this stage knowingly does not keep, each with the reason (OPS-5). A config value that would break a claim
   * is refused unless its claim is waived here; the report and the security page then show the claim as not kept.
   */
  waivers: z
    .array(
      z.strictObject({
        /** Claim ID as the report writes it, e.g. "BKP-6". */
        claim: z
          .string()
          .regex(/^[A-Z]+-\d+$/, { message: 'must be a claim ID such as "BKP-6"' })
          .describe('Claim ID as the report writes it, e.g. "BKP-6".'),
        /** Why the stage does not keep it, as the report should show it. */
        reason: z
          .string()
          .min(10, { message: 'must say why the claim is waived (at least 10 characters)' })
          .describe('Why the stage does not keep it, as the report should show it.'),
      }),
    )
    .default([])
    .describe(
      'Claims this stage knowingly does not keep, each with the reason (OPS-5). A config value that would break a claim is refused unless its claim is waived here; the report and the security page then show the claim as not kept.',
    ),
  /**
   * Who alone may schedule deletion of, disable, or change the policy of a key that protects the database, its
   * secret or a backup (BKP-7).
   */
  keyGuard: z
    .strictObject({
      /**
       * Name of the break-glass IAM role in the stage's account, created and guarded outside the stage (MFA to assume
       * it, a sign-in alert): the only principal allowed to delete, disable or re-key a guarded key.
       */
      breakGlassRoleName: z
        .string()
        .regex(/^[\w+=,.@-]{1,64}$/, { message: 'must be an IAM role name (letters, digits and +=,.@_-)' })
        .default(DEFAULT_BREAK_GLASS_ROLE_NAME)
        .describe(
          "Name of the break-glass IAM role in the stage's account, created and guarded outside the stage (MFA to assume it, a sign-in alert): the only principal allowed to delete, disable or re-key a guarded key.",
        ),
      /**
       * Qualifier of the CDK bootstrap (`cdk bootstrap --qualifier`): names the CloudFormation execution role
       * (`cdk-QUALIFIER-cfn-exec-role-ACCOUNT-REGION`) that must keep updating key policies.
       */
      bootstrapQualifier: z
        .string()
        .regex(/^[a-z0-9]{1,10}$/, { message: 'must be the bootstrap qualifier: 1-10 lowercase letters or digits' })
        .default(DEFAULT_BOOTSTRAP_QUALIFIER)
        .describe(
          'Qualifier of the CDK bootstrap (`cdk bootstrap --qualifier`): names the CloudFormation execution role (`cdk-QUALIFIER-cfn-exec-role-ACCOUNT-REGION`) that must keep updating key policies.',
        ),
    })
    .prefault({})
    .describe(
      'Who alone may schedule deletion of, disable, or change the policy of a key that protects the database, its secret or a backup (BKP-7).',
    ),
  database: databaseSchema,
  backup: backupSchema,
  edge: edgeSchema,
  app: appSchema,
  mail: mailSchema,
  detection: detectionSchema,
});

export type StageInput = z.input<typeof stageSchema>;
export type StageConfig = z.output<typeof stageSchema>;
export type Domain = StageConfig['domains'][number];
export { DOMAIN_RE };
