// Values that more than one construct, stack or checker relies on, named once.

/** CloudFront reads certificates and CLOUDFRONT-scope web ACLs from this region only; its metrics live there too. */
export const EDGE_REGION = 'us-east-1';

/** PostgreSQL's port, the only port the database security group opens. */
export const POSTGRES_PORT = 5432;

/** HSTS max-age: two years, the preload list's expectation (EDGE-4). */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/** The Strict-Transport-Security value both CloudFront and the load balancer send (EDGE-4). */
export const HSTS_HEADER_VALUE = `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload`;

/** The lowest TLS version any bucket accepts from a client. */
export const MIN_TLS_VERSION = 1.2;
