/**
 * Commercial AWS regions and the legal jurisdiction their data sits in.
 *
 * The backup region must share the primary region's jurisdiction (BKP-3): EU data
 * stays in EU member states for GDPR. London and Zurich are outside the EU (adequacy
 * decisions are not membership), so each is its own jurisdiction here; choose them
 * together with an EU region only after your DPO has signed that off.
 */
export const REGION_JURISDICTION: Readonly<Record<string, string>> = {
  'us-east-1': 'us',
  'us-east-2': 'us',
  'us-west-1': 'us',
  'us-west-2': 'us',
  'ca-central-1': 'ca',
  'ca-west-1': 'ca',
  'mx-central-1': 'mx',
  'sa-east-1': 'br',
  'eu-west-1': 'eu',
  'eu-west-3': 'eu',
  'eu-central-1': 'eu',
  'eu-north-1': 'eu',
  'eu-south-1': 'eu',
  'eu-south-2': 'eu',
  'eu-west-2': 'uk',
  'eu-central-2': 'ch',
  'il-central-1': 'il',
  'me-south-1': 'bh',
  'me-central-1': 'ae',
  'af-south-1': 'za',
  'ap-south-1': 'in',
  'ap-south-2': 'in',
  'ap-northeast-1': 'jp',
  'ap-northeast-3': 'jp',
  'ap-northeast-2': 'kr',
  'ap-southeast-1': 'sg',
  'ap-southeast-2': 'au',
  'ap-southeast-4': 'au',
  'ap-southeast-6': 'nz',
  'ap-southeast-3': 'id',
  'ap-southeast-5': 'my',
  'ap-southeast-7': 'th',
  'ap-east-1': 'hk',
  'ap-east-2': 'tw',
};

export const KNOWN_REGIONS: readonly string[] = Object.keys(REGION_JURISDICTION);

/** Regions that share `region`'s jurisdiction, itself excluded. */
export function sameJurisdiction(region: string): string[] {
  const j = REGION_JURISDICTION[region];
  return KNOWN_REGIONS.filter((r) => r !== region && REGION_JURISDICTION[r] === j);
}

/**
 * The regions AWS enables in every account (DET-6): those launched before 20 March 2019. Later regions are opt-in
 * (disabled until an administrator enables them), so a StackSet instance there would fail; list an enabled opt-in
 * region in `detection.guardDutyRegions` to cover it.
 * Source: AWS Account Management reference guide, "Enable or disable AWS Regions in your account"
 * (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html): "Regions launched before
 * March 20, 2019 are enabled by default".
 */
export const DEFAULT_GUARDDUTY_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
];

/** Where the stage's own stacks run, and what the account already has (inputs of {@link guardDutyStackSetRegions}). */
export interface GuardDutyRegionInputs {
  /**
   * Regions where GuardDuty must run.
   * @default DEFAULT_GUARDDUTY_REGIONS
   */
  readonly configured?: readonly string[];
  /**
   * Regions where one of the stage's stacks holds the detector (it creates one, or `guardDuty: existing` says the
   * account has one there): the primary and backup regions, and us-east-1 on public stages.
   */
  readonly owned: readonly string[];
  /** Regions where the account already has a detector of its own (`detection.guardDutyExistingRegions`). */
  readonly existing?: readonly string[];
}

/**
 * The regions the GuardDuty StackSet deploys a detector to (DET-6): the configured regions minus those where a stack
 * of the stage owns the detector and those where the account already has one (an account holds one detector per
 * region: a second fails the deploy). In the order configured, each once.
 */
export function guardDutyStackSetRegions(inputs: GuardDutyRegionInputs): string[] {
  const skip = new Set([...inputs.owned, ...(inputs.existing ?? [])]);
  return [...new Set(inputs.configured ?? DEFAULT_GUARDDUTY_REGIONS)].filter((r) => !skip.has(r));
}

/**
 * Whether `region` is disabled by default (opt-in): every region but the 17 of {@link DEFAULT_GUARDDUTY_REGIONS}
 * ("Regions launched before March 20, 2019 are enabled by default", same source); a region AWS adds later is
 * opt-in too, so a region this file does not know counts as opt-in.
 */
export const isOptInRegion = (region: string): boolean => !DEFAULT_GUARDDUTY_REGIONS.includes(region);

/** The known regions that are disabled by default (opt-in), in the order of {@link KNOWN_REGIONS}. */
export const OPT_IN_REGIONS: readonly string[] = KNOWN_REGIONS.filter(isOptInRegion);

/**
 * Regions where CloudFormation cannot create `AWS::Backup::LogicallyAirGappedBackupVault` (BKP-7), so where AWS Backup
 * offers no logically air-gapped vault to this app. Source: the AWS Backup developer guide, "Feature availability by
 * AWS Region" (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-region),
 * whose table could not be read whole offline; the list is the CloudFormation resource schemas of each region as
 * shipped in cfn-lint 1.51.0 (`cfnlint/data/schemas/providers/<region>.py`), which lack the type in exactly these
 * known regions. Checked 2026-12-03; re-check both sources when AWS announces a regional expansion.
 */
export const AIR_GAPPED_VAULT_UNAVAILABLE_REGIONS: readonly string[] = [
  'ca-west-1',
  'mx-central-1',
  'ap-east-2',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
];
