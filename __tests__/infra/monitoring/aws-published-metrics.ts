/**
 * What AWS publishes, written down from the services' documentation (not from infra/monitoring), so the
 * tests can tell an alarm or widget that reads a metric nobody publishes:
 * - https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 * - https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
 * - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
 */
export const AWS_PUBLISHED: { readonly [namespace: string]: { readonly metrics: ReadonlyArray<string>; readonly dimensionKeys: ReadonlyArray<string> } } = {
  "AWS/Lambda": {
    metrics: ["Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions", "UnreservedConcurrentExecutions", "DeadLetterErrors", "AsyncEventsReceived"],
    dimensionKeys: ["FunctionName", "Resource", "ExecutedVersion"],
  },
  "AWS/States": {
    metrics: ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsAborted", "ExecutionsTimedOut", "ExecutionThrottled", "ExecutionTime", "ExecutionsRedriven"],
    dimensionKeys: ["StateMachineArn"],
  },
  "AWS/DynamoDB": {
    metrics: ["ReadThrottleEvents", "WriteThrottleEvents", "ThrottledRequests", "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "SuccessfulRequestLatency", "SystemErrors", "UserErrors"],
    dimensionKeys: ["TableName", "Operation"],
  },
};
