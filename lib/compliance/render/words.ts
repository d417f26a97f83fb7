// How values read from the templates are said on the customer-facing page.

const CITY: Readonly<Record<string, string>> = {
  'eu-west-1': 'Ireland',
  'eu-west-2': 'London',
  'eu-west-3': 'Paris',
  'eu-central-1': 'Frankfurt',
  'eu-central-2': 'Zurich',
  'eu-north-1': 'Stockholm',
  'eu-south-1': 'Milan',
  'eu-south-2': 'Spain',
  'us-east-1': 'N. Virginia',
  'us-east-2': 'Ohio',
  'us-west-2': 'Oregon',
};

/** A region as a customer knows it: `Paris (eu-west-3)`. */
export const where = (region: string): string => `${CITY[region] ?? region} (${region})`;

/** `1 day`, `90 days`. */
export const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/** `a`, `a and b`, `a, b and c`. */
export const and = (xs: readonly string[]): string =>
  xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs.join('');

/** The domains of the stage: `example.com and example.org`. */
export const domainsOf = (m: { config: { domains: readonly { name: string }[] } }): string =>
  m.config.domains.map((d) => d.name).join(' and ');
