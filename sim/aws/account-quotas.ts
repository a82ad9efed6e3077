/**
 * The documented quotas the simulator holds a crowd to (reference aws-terraform-facts.md), as token
 * buckets: bucket size (the burst) and refill per second. Figures for us-east-1, us-west-2 and eu-west-1;
 * other Regions have smaller Step Functions buckets.
 */
import { WorkflowType } from "../../infra/operation";
import type { TokenBucketQuota } from "./token-bucket";

/** StartExecution, per account and workflow type (§A1: Standard 1,300 / 300 per s; Express 6,000 / 6,000 per s). */
export const START_EXECUTION_QUOTAS: { readonly [type in WorkflowType]: TokenBucketQuota } = {
  [WorkflowType.STANDARD]: { bucketSize: 1300, refillPerSecond: 300 },
  [WorkflowType.EXPRESS]: { bucketSize: 6000, refillPerSecond: 6000 },
};

/** DescribeExecution, per account (§A1: 300 / 15 per s): what the seed pattern polls. */
export const DESCRIBE_EXECUTION_QUOTA: TokenBucketQuota = { bucketSize: 300, refillPerSecond: 15 };

/**
 * A new on-demand table (§B "On-demand throughput": up to 4,000 writes/s and 12,000 reads/s). Each call
 * is taken as one request unit (the status item is well under 1 KB to write and 4 KB to read); the
 * bucket holds one second's worth, as a new table has no earlier peak to double.
 */
export const TABLE_THROUGHPUT: { readonly reads: TokenBucketQuota; readonly writes: TokenBucketQuota } = {
  reads: { bucketSize: 12_000, refillPerSecond: 12_000 },
  writes: { bucketSize: 4_000, refillPerSecond: 4_000 },
};
