/**
 * The AWS service metrics the alarms and the dashboard read, with the dimension each is published
 * under. Names and dimensions as the services document them:
 * - Lambda: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 * - Step Functions: https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
 * - DynamoDB: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
 */

/** A metric some service publishes: namespace, name and the one dimension it is keyed by here. */
export interface AwsMetricKind {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimension: string;
}

const lambda = (metricName: string): AwsMetricKind => ({ namespace: "AWS/Lambda", metricName, dimension: "FunctionName" });
const states = (metricName: string): AwsMetricKind => ({ namespace: "AWS/States", metricName, dimension: "StateMachineArn" });
const dynamodb = (metricName: string): AwsMetricKind => ({ namespace: "AWS/DynamoDB", metricName, dimension: "TableName" });

/** The AWS metrics used. */
export const AwsMetric = {
  /** Invocations that ended in a function error (our handlers never throw: a crash, a timeout, out of memory). */
  lambdaErrors: lambda("Errors"),
  /** Invocations refused for lack of concurrency. */
  lambdaThrottles: lambda("Throttles"),
  /** Invocations, successful or not. */
  lambdaInvocations: lambda("Invocations"),
  /** Executions running at once (per function; with reserved concurrency, compare with the reserve). */
  lambdaConcurrentExecutions: lambda("ConcurrentExecutions"),
  /** Executions started. */
  statesExecutionsStarted: states("ExecutionsStarted"),
  /** Executions that failed: with our definitions, only when not even the fallback write could record the outcome. */
  statesExecutionsFailed: states("ExecutionsFailed"),
  /** Executions that ran past the state machine's own timeout. */
  statesExecutionsTimedOut: states("ExecutionsTimedOut"),
  /** StartExecution calls refused for the account's rate. */
  statesExecutionThrottled: states("ExecutionThrottled"),
  /** Requests to the table refused for capacity (on-demand: a burst beyond double the previous peak). */
  dynamodbReadThrottleEvents: dynamodb("ReadThrottleEvents"),
  dynamodbWriteThrottleEvents: dynamodb("WriteThrottleEvents"),
} as const;
