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
