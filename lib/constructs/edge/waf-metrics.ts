/**
 * CloudWatch metric names of the web ACLs and of their SQL injection rule: the
 * edge constructs set them, the detection alarms read them (DET-2), so both sides
 * import them from here.
 */
export const WAF_METRICS = {
  /** VisibilityConfig.MetricName of the CLOUDFRONT web ACL. */
  cloudFrontAcl: 'EdgeWebAcl',
  /** VisibilityConfig.MetricName of the REGIONAL web ACL on the load balancer. */
  regionalAcl: 'AlbWebAcl',
  /** VisibilityConfig.MetricName of the SQL injection managed rule group, in both ACLs. */
  sqliRule: 'SqlInjection',
} as const;
