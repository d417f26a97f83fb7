import { EDGE_REGION } from '../../defaults/constants';
import { aclsBehindVpcOrigin, albs, distributions, internalStage, managedGroups } from '../model/edge';
import { ev, prop, propsOf, type Res, resolve, resources, sameRes, text } from '../model/query';
import type { StageModel } from '../model/types';
import { notApplicable, Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'EDGE-8';

/** The content rule groups every web ACL blocks with: they read the request, wherever the ACL sits. */
const CONTENT_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
];
/** Groups that judge the connection address: credited only where the ACL sees the clients' own (EDGE-10). */
const ADDRESS_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesAnonymousIpList'];
/** The address group every ACL that sees its clients blocks with. */
const IP_REPUTATION = 'AWSManagedRulesAmazonIpReputationList';

/**
 * The content groups block, IP reputation too where the ACL sees its clients, and the ACL logs with Authorization
 * and cookies redacted. Behind the VPC origin the address groups are not credited (they see private addresses).
 */
function checkAcl(m: StageModel, v: Verdict, acl: Res, seesClients: boolean): void {
  const groups = managedGroups(acl);
  const credited = (name: string) => seesClients || !ADDRESS_GROUPS.includes(name);
  v.add(
    ev(acl, 'Scope'),
    ev(
      acl,
      'Rules (managed groups)',
      groups.map(
        (g) =>
          `${g.name}${g.counting ? ' (count)' : ''}${credited(g.name) ? '' : ' (not credited: sees private addresses only)'}`,
      ),
    ),
  );
  for (const g of seesClients ? [...CONTENT_GROUPS, IP_REPUTATION] : CONTENT_GROUPS)
    v.need(
      groups.some((x) => x.name === g && !x.counting),
      `${acl.id}: ${g} missing or counting only`,
    );
  const logging = resources(m, 'AWS::WAFv2::LoggingConfiguration').filter(
    (l) => resolve(m, l.stack, propsOf(l).ResourceArn)?.id === acl.id,
  );
  for (const l of logging) v.add(ev(l, 'RedactedFields'));
  if (!v.need(logging.length > 0, `${acl.id}: no logging configuration`)) return;
  const redacted = JSON.stringify(logging.map((l) => propsOf(l).RedactedFields)).toLowerCase();
  v.need(
    redacted.includes('authorization') && redacted.includes('cookie'),
    `${acl.id}: logs do not redact Authorization and cookies`,
  );
}

/** A public stage: a CLOUDFRONT web ACL in us-east-1 on every distribution. */
function checkDistributions(m: StageModel, v: Verdict, acls: readonly Res[]): void {
  const cf = acls.filter((a) => propsOf(a).Scope === 'CLOUDFRONT');
  v.need(cf.length > 0 && cf.every((a) => a.stack.region === EDGE_REGION), 'no CLOUDFRONT web ACL in us-east-1');
  for (const d of distributions(m)) {
    const acl = prop(d, 'DistributionConfig.WebACLId');
    v.add(ev(d, 'DistributionConfig.WebACLId', text(acl)));
    v.need(resolve(m, d.stack, acl)?.r.Type === 'AWS::WAFv2::WebACL', `distribution ${d.id} has no web ACL`);
  }
}

export const edge8: Claim = {
  id: ID,
  promise: '(implied) WAF in front of the site',
  declared:
    'WAF web ACLs for CloudFront (us-east-1) and for the ALB (regional): common rules, known bad inputs, SQLi, ' +
    'IP reputation (where the ACL sees client addresses: CloudFront, not the load balancer behind its VPC origin); ' +
    'logging with sensitive fields redacted',
  check: (m) => {
    const v = new Verdict(ID);
    const acls = resources(m, 'AWS::WAFv2::WebACL');
    if (!internalStage(m)) checkDistributions(m, v, acls);
    for (const lb of albs(m)) {
      const assoc = resources(m, 'AWS::WAFv2::WebACLAssociation').filter(
        (a) => resolve(m, a.stack, propsOf(a).ResourceArn)?.id === lb.id,
      );
      for (const a of assoc) v.add(ev(a, 'WebACLArn', text(propsOf(a).WebACLArn)));
      if (propsOf(lb).Scheme !== 'internal')
        v.need(assoc.length > 0, `internet-facing load balancer ${lb.id} has no regional web ACL`);
    }
    if (internalStage(m) && !acls.length)
      return notApplicable(ID, 'internal stage: no public entry to put a WAF in front of (ORG-2)');
    const behind = aclsBehindVpcOrigin(m);
    for (const acl of acls) checkAcl(m, v, acl, !behind.some((b) => sameRes(b, acl)));
    const where = internalStage(m)
      ? 'REGIONAL scope on the load balancer (no CloudFront on an internal stage)'
      : 'CLOUDFRONT scope in us-east-1 on the distribution and REGIONAL on the load balancer';
    return v.done(
      `Web ACLs with the common, known-bad-inputs and SQL injection rule groups: ${where}; IP reputation where ` +
        'the ACL sees client addresses ' +
        (behind.length
          ? '(CloudFront: the load balancer behind its VPC origin sees only private ones and is credited with the ' +
            'content rules alone)'
          : '(every ACL of this stage)') +
        '; logs redact Authorization and cookies.',
    );
  },
};
