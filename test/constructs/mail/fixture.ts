import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { APP_PROPS } from '../../../lib/app/add-stage';
import type { StageConfig } from '../../../lib/config/schema';
import { AlertTopic } from '../../../lib/constructs/alert-topic';
import { EDGE_REGION } from '../../../lib/defaults/constants';
import { MailStack } from '../../../lib/stacks/mail-stack';
import { cdkContext, testConfig } from '../../helpers';

/** Options of {@link mailFixture}. */
export interface MailFixtureOptions {
  /** Domains left without a hosted zone. */
  readonly withoutZone?: readonly string[];
  /** Mail config applied after validation. */
  readonly mailOverrides?: Partial<StageConfig['mail']>;
}

/**
 * A MailStack wired as lib/stage.ts wires it, with zones built here: a public zone
 * per domain, or the imported zone when config names its id (as the internal stage
 * does). Used until the DNS stack publishes its zones, and for configs the example
 * files do not cover.
 */
export function mailFixture(
  config: StageConfig = testConfig(),
  options: MailFixtureOptions = {},
): { app: App; mail: MailStack } {
  const app = new App({ ...APP_PROPS, context: cdkContext() });
  const env = (region: string) => ({ account: config.account, region });
  const dns = new Stack(app, 'FixtureDns', { env: env(EDGE_REGION) });
  const zones: Record<string, route53.IHostedZone> = {};
  for (const d of config.domains.filter((x) => !options.withoutZone?.includes(x.name))) {
    zones[d.name] = d.hostedZoneId
      ? route53.HostedZone.fromHostedZoneAttributes(dns, `Zone-${d.name}`, {
          hostedZoneId: d.hostedZoneId,
          zoneName: d.name,
        })
      : new route53.PublicHostedZone(dns, `Zone-${d.name}`, { zoneName: d.name });
  }
  const network = new Stack(app, 'FixtureNetwork', { env: env(config.primaryRegion) });
  const alerts = new AlertTopic(network, 'Alerts', { emails: config.alertEmails });
  // Bypasses config validation, to prove the constructs' own checks.
  const c = options.mailOverrides ? { ...config, mail: { ...config.mail, ...options.mailOverrides } } : config;
  const mail = new MailStack(app, `${config.name}-Mail`, {
    env: env(config.primaryRegion),
    config: c,
    zones,
    alertTopic: alerts.topic,
  });
  return { app, mail };
}
