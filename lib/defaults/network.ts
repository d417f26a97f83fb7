// Default values of the network, written once: the config schema and the Network construct both
// fall back to them. CDK-free, so the config layer reads them without loading aws-cdk-lib.

/** IPv4 range of the VPC: room for the public, private and isolated subnets of up to six zones. */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';

/** Days VPC flow logs are kept (DET-4). */
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;
