/**
 * The IAM policy documents of the bridge, least privilege, as typed objects (the construct passes them
 * through `JSON.stringify`; Terraform references inside resolve to interpolations). Pure: ARNs in,
 * documents out, so tests can read exactly what each role may do.
 */

/** An IAM policy statement (the subset used here). */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: string | ReadonlyArray<string>;
  readonly Resource?: string | ReadonlyArray<string>;
  readonly Principal?: { readonly Service: string };
  readonly Condition?: { readonly [operator: string]: { readonly [key: string]: string } };
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: ReadonlyArray<PolicyStatement>;
}

export const ServicePrincipal = {
  lambda: "lambda.amazonaws.com",
  stepFunctions: "states.amazonaws.com",
  connect: "connect.amazonaws.com",
} as const;

/**
 * The CloudWatch Logs vended-log delivery actions a state machine role needs for logging. These APIs do
 * not support resource-level permissions, so AWS's own example grants them on `*`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 */
export const VENDED_LOGS_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
] as const;

/**
 * With a customer managed key on the table, DynamoDB uses the key on the caller's behalf, so callers
 * need these key permissions (as AWS CDK's table grants add them).
 */
export const TABLE_KEY_READ_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"] as const;
export const TABLE_KEY_WRITE_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"] as const;

function tableKeyStatements(tableKeyArn: string | undefined, actions: ReadonlyArray<string>): PolicyStatement[] {
  return tableKeyArn === undefined ? [] : [{ Sid: "UseTableKey", Effect: "Allow", Action: actions, Resource: tableKeyArn }];
}

function document(...statements: ReadonlyArray<PolicyStatement>): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Who may assume a role. With `sourceAccount`, only on behalf of that account (guards against the
 * confused-deputy problem for Step Functions).
 */
export function assumeRolePolicy(service: string, sourceAccount?: string): PolicyDocument {
  return document({
    Sid: "AssumedByService",
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Principal: { Service: service },
    ...(sourceAccount !== undefined ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } } : {}),
  });
}

/** A Lambda function writes to its own log group only (the group exists: infra creates it). */
export function functionLoggingStatement(logGroupArn: string): PolicyStatement {
  return { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` };
}

/** `start`: read, create and update status items; start executions of this bridge's state machines. */
export function startFunctionPolicy(props: { tableArn: string; stateMachineArns: ReadonlyArray<string>; logGroupArn: string; tableKeyArn?: string }): PolicyDocument {
  return document(
    functionLoggingStatement(props.logGroupArn),
    { Sid: "ReadWriteStatusItems", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: props.tableArn },
    { Sid: "StartOperationExecutions", Effect: "Allow", Action: "states:StartExecution", Resource: props.stateMachineArns },
    ...tableKeyStatements(props.tableKeyArn, TABLE_KEY_WRITE_ACTIONS),
  );
}

/** `poll`: read status items. */
export function pollFunctionPolicy(props: { tableArn: string; logGroupArn: string; tableKeyArn?: string }): PolicyDocument {
  return document(
    functionLoggingStatement(props.logGroupArn),
    { Sid: "ReadStatusItems", Effect: "Allow", Action: "dynamodb:GetItem", Resource: props.tableArn },
    ...tableKeyStatements(props.tableKeyArn, TABLE_KEY_READ_ACTIONS),
  );
}

/** A function that only needs to log (the demo back end). */
export function loggingOnlyFunctionPolicy(props: { logGroupArn: string }): PolicyDocument {
  return document(functionLoggingStatement(props.logGroupArn));
}

/**
 * An operation's state machine: invoke its own targets (each ARN, and `:*` for its versions and
 * aliases), complete status items, and deliver its execution logs.
 */
export function stateMachinePolicy(props: { tableArn: string; targetArns: ReadonlyArray<string>; tableKeyArn?: string }): PolicyDocument {
  const targets = [...new Set(props.targetArns)].flatMap((arn) => [arn, `${arn}:*`]);
  return document(
    { Sid: "InvokeTargets", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: targets },
    { Sid: "CompleteStatusItems", Effect: "Allow", Action: "dynamodb:UpdateItem", Resource: props.tableArn },
    { Sid: "DeliverExecutionLogs", Effect: "Allow", Action: VENDED_LOGS_ACTIONS, Resource: "*" },
    ...tableKeyStatements(props.tableKeyArn, TABLE_KEY_WRITE_ACTIONS),
  );
}
