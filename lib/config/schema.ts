import { z } from 'zod';
import { cidrProblem } from '../core/cidr';
import { KNOWN_REGIONS } from '../core/regions';
import { DEFAULT_FLOW_LOG_RETENTION_DAYS, DEFAULT_VPC_CIDR } from '../defaults/network';
import { appSchema } from './sections/app';
import { backupSchema } from './sections/backup';
import { email, logRetention } from './sections/common';
import { databaseSchema } from './sections/database';
import { detectionSchema } from './sections/detection';
import { edgeSchema } from './sections/edge';
import { mailSchema } from './sections/mail';

const region = z.string().refine((r) => KNOWN_REGIONS.includes(r), {
  message: `is not a known AWS commercial region (known: ${KNOWN_REGIONS.join(', ')})`,
});

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * One stage of the platform. Field names up to `guardDuty` are a contract with
 * operators' config files: never rename them.
 */
export const stageSchema = z.strictObject({
  /** Path of the JSON Schema, for editor completion; ignored. */
  $schema: z.string().optional(),
  /** Stage name, used as the stack name prefix (`<name>-Data`). */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, {
    message: 'must be 2-20 characters: a lowercase letter, then lowercase letters, digits or -',
  }),
  /** "public": served to the internet through CloudFront; "internal": no public entry at all (ORG-2). */
  exposure: z.enum(['public', 'internal']),
  /** AWS account id the stage deploys to. */
  account: z.string().regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id, as a string' }),
  /** Region of the database and application. */
  primaryRegion: region,
  /** Region of the backup copies, in the primary region's jurisdiction. */
  backupRegion: region,
  /** Availability zones of the primary region the VPC spans (at least two). */
  availabilityZones: z
    .array(z.string())
    .min(2, { message: 'needs at least two zones so the database survives the loss of one' }),
  /** Domains served (one per brand), each with an optional existing hosted zone. */
  domains: z.array(
    z.strictObject({
      name: z.string().regex(DOMAIN_RE, { message: 'is not a lowercase DNS domain name such as example.com' }),
      hostedZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{4,32}$/, { message: 'is not a Route 53 hosted zone id (Z followed by letters and digits)' })
        .optional(),
    }),
  ),
  /** Operator IP ranges (CIDR) allowed to open a database session. */
  operatorCidrs: z
    .array(
      z.string().superRefine((v, ctx) => {
        const problem = cidrProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .min(1, { message: 'needs at least one operator CIDR' }),
  /** Addresses subscribed to the team's alert topic. */
  alertEmails: z.array(email).min(1, { message: 'needs at least one address, or alerts reach nobody' }),
  /** "create" a GuardDuty detector, or use the account's "existing" one in each region. */
  guardDuty: z.enum(['create', 'existing']),
  /** VPC IPv4 range. */
  vpcCidr: z
    .string()
    .superRefine((v, ctx) => {
      const problem = cidrProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      else if (!/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-4])$/.test(v))
        ctx.addIssue({ code: 'custom', message: 'must be an IPv4 range from /16 to /24' });
    })
    .default(DEFAULT_VPC_CIDR),
  /** NAT gateways: one per zone survives a zone loss; 1 is cheaper for test stages. */
  natGateways: z.number().int().min(1).max(6).optional(),
  /** Days VPC flow logs are kept. */
  flowLogRetentionDays: logRetention(DEFAULT_FLOW_LOG_RETENTION_DAYS),
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
