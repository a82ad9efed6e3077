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
  readonly Condition?: { readonly [operator: string]: { readonly [key: string]: string | ReadonlyArray<string> } };
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
 * need these key permissions (the set AWS CDK's table grants add). CDK writes `kms:GenerateDataKey*`
 * and `kms:ReEncrypt*`; they are spelled out here, so no policy of the bridge holds a wildcard action.
 */
export const TABLE_KEY_READ_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"] as const;
export const TABLE_KEY_WRITE_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
] as const;

/**
 * Reading a secret encrypted with a customer managed key: Secrets Manager decrypts with the caller's
 * permission on the key.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 */
export const SECRET_KEY_ACTIONS = ["kms:Decrypt"] as const;

/**
 * What X-Ray tracing needs from a Lambda function's or a state machine's role (the actions of AWS's
 * `AWSXRayDaemonWriteAccess`); X-Ray grants them on `*` only.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html
 */
export const XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"] as const;

/** The statement tracing adds to a role. */
export function tracingStatement(): PolicyStatement {
  return { Sid: "WriteTraces", Effect: "Allow", Action: XRAY_WRITE_ACTIONS, Resource: "*" };
}

/** `policy` with the tracing statement added when `tracing` is on. */
export function withTracing(policy: PolicyDocument, tracing: boolean | undefined): PolicyDocument {
  return tracing ? { ...policy, Statement: [...policy.Statement, tracingStatement()] } : policy;
}

function tableKeyStatements(tableKeyArn: string | undefined, actions: ReadonlyArray<string>): PolicyStatement[] {
  return tableKeyArn === undefined ? [] : [{ Sid: "UseTableKey", Effect: "Allow", Action: actions, Resource: tableKeyArn }];
}

function document(...statements: ReadonlyArray<PolicyStatement>): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Whose behalf a service may assume a role on (the confused-deputy guard). */
export interface AssumeRoleSource {
  /** Only on behalf of this account (`aws:SourceAccount`). @default any */
  readonly account?: string;
  /** Only on behalf of these resources (`aws:SourceArn`, matched with `ArnLike`). @default any */
  readonly arns?: ReadonlyArray<string>;
}

/**
 * Who may assume a role. With a `source`, only on behalf of that account and those resources, so the
 * service cannot be tricked into using the role for another customer's or another resource's work.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export function assumeRolePolicy(service: string, source: AssumeRoleSource = {}): PolicyDocument {
  const condition = {
    ...(source.arns !== undefined ? { ArnLike: { "aws:SourceArn": source.arns } } : {}),
    ...(source.account !== undefined ? { StringEquals: { "aws:SourceAccount": source.account } } : {}),
  };
  return document({
    Sid: "AssumedByService",
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Principal: { Service: service },
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  });
}

/** A Lambda function writes to its own log group only (the group exists: infra creates it). */
export function functionLoggingStatement(logGroupArn: string): PolicyStatement {
  return { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` };
}

/** The secret holding the request-id key, and the customer managed key encrypting it, if any. */
export interface RequestIdKeySecretGrant {
  /** The secret's ARN. */
  readonly secretArn: string;
  /** Its customer managed KMS key. @default the AWS managed key `aws/secretsmanager` (no grant needed) */
  readonly kmsKeyArn?: string;
}

/** Read the request-id key: that one secret only, and its key when it has its own. */
function requestIdKeyStatements(grant: RequestIdKeySecretGrant): PolicyStatement[] {
  return [
    { Sid: "ReadRequestIdKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: grant.secretArn },
    ...(grant.kmsKeyArn === undefined ? [] : [{ Sid: "DecryptRequestIdKey", Effect: "Allow" as const, Action: SECRET_KEY_ACTIONS, Resource: grant.kmsKeyArn }]),
  ];
}

/**
 * `start`: read, create and update status items; start executions of this bridge's state machines;
 * read the request-id key.
 */
export function startFunctionPolicy(props: {
  tableArn: string;
  stateMachineArns: ReadonlyArray<string>;
  logGroupArn: string;
  tableKeyArn?: string;
  requestIdKey: RequestIdKeySecretGrant;
}): PolicyDocument {
  return document(
    functionLoggingStatement(props.logGroupArn),
    { Sid: "ReadWriteStatusItems", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: props.tableArn },
    { Sid: "StartOperationExecutions", Effect: "Allow", Action: "states:StartExecution", Resource: props.stateMachineArns },
    ...requestIdKeyStatements(props.requestIdKey),
    ...tableKeyStatements(props.tableKeyArn, TABLE_KEY_WRITE_ACTIONS),
  );
}

/** `poll`: read status items; read the request-id key (to check a request belongs to the contact). */
export function pollFunctionPolicy(props: { tableArn: string; logGroupArn: string; tableKeyArn?: string; requestIdKey: RequestIdKeySecretGrant }): PolicyDocument {
  return document(
    functionLoggingStatement(props.logGroupArn),
    { Sid: "ReadStatusItems", Effect: "Allow", Action: "dynamodb:GetItem", Resource: props.tableArn },
    ...requestIdKeyStatements(props.requestIdKey),
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
