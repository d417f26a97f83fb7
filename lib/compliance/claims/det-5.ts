import { alarmMetrics, aliasesOf, distributions } from '../model/edge';
import { ev, prop, propsOf, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { notApplicable, Verdict } from '../model/verdict';
import { and, domainsOf } from '../render/words';
import type { Claim } from './claim';

const ID = 'DET-5';

/** The host names the health checks watch, read from the template. */
const checkedHosts = (m: StageModel): string[] => [
  ...new Set(
    resources(m, 'AWS::Route53::HealthCheck')
      .map((h) => text(prop(h, 'HealthCheckConfig.FullyQualifiedDomainName')))
      .filter(Boolean),
  ),
];

export const det5: Claim = {
  id: ID,
  promise: 'public status tracking (they use Pingdom)',
  declared: 'Route 53 health checks on each public hostname, a CloudWatch Synthetics canary, alarms and a dashboard',
  check: (m) => {
    const v = new Verdict(ID);
    const canaries = resources(m, 'AWS::Synthetics::Canary');
    const dashboards = resources(m, 'AWS::CloudWatch::Dashboard');
    for (const c of canaries) v.add(ev(c, 'Schedule.Expression'));
    for (const d of dashboards) v.add(ev(d, 'DashboardName', text(propsOf(d).DashboardName) || '(generated)'));
    if (m.config.exposure !== 'public') {
      return notApplicable(
        ID,
        'internal stage: no public hostname to track (ORG-2); public status tracking belongs to the public stage',
        v.evidence,
      );
    }
    const checks = resources(m, 'AWS::Route53::HealthCheck');
    // Every public hostname: each domain of the config and every alias the distributions serve (www.<domain> too).
    const dists = distributions(m);
    for (const d of dists) v.add(ev(d, 'DistributionConfig.Aliases', aliasesOf(d)));
    const hosts = [...new Set([...m.config.domains.map((d) => d.name), ...dists.flatMap(aliasesOf)])];
    for (const host of hosts) {
      const hc = checks.filter((h) => text(prop(h, 'HealthCheckConfig.FullyQualifiedDomainName')) === host);
      for (const h of hc) v.add(ev(h, 'HealthCheckConfig.Type'), ev(h, 'HealthCheckConfig.FullyQualifiedDomainName'));
      v.need(
        hc.some((h) => /^HTTPS/.test(String(prop(h, 'HealthCheckConfig.Type')))),
        `no HTTPS health check on ${host}`,
      );
    }
    const alarmsOn = (ns: string) => alarmMetrics(m).filter((a) => a.namespace === ns);
    v.need(canaries.length > 0, 'no CloudWatch Synthetics canary');
    v.need(alarmsOn('AWS/Route53').length > 0, 'no alarm on the health checks');
    v.need(alarmsOn('CloudWatchSynthetics').length > 0, 'no alarm on the canary');
    v.need(dashboards.length > 0, 'no CloudWatch dashboard');
    return v.done(
      `HTTPS health checks on every public hostname (${hosts.join(', ')}), a Synthetics canary, alarms on both ` +
        'and a dashboard of the platform.',
    );
  },
  page: [
    {
      section: 'detection',
      text: (m) => {
        const hosts = checkedHosts(m);
        return (
          `Status: health checks on ${hosts.length ? and(hosts) : domainsOf(m)} and a synthetic browser test ` +
          `every ${m.config.detection.canaryIntervalMinutes} minutes, with alarms and a dashboard (replacing Pingdom).`
        );
      },
    },
  ],
};
