/**
 * The generic module as a CDKTF construct: ConnectAsyncBridge's resources, for an operations map that
 * arrives as a Terraform variable rather than as TypeScript. Platform teams add an operation with one
 * map entry in a tfvars file; nobody runs Node.
 *
 * Built from the construct's own parts: LoggedFunction (start, poll and the long poll, with log group, role, policy,
 * Connect permission and association), RequestIdKeySecret, the policies of iam-policies.ts and the
 * definitions of state-machine-definition.ts, rendered with stand-ins for what only Terraform knows
 * (hcl-expression.ts, state-machine-locals.ts). Per-operation resources use `for_each` over
 * `local.operations`.
 *
 * One deliberate difference: the construct ships the operations in each zip (`operations.json`);
 * Terraform cannot rebuild a zip from a variable without another provider, so the module writes one
 * config item per operation into the status table (`aws_dynamodb_table_item`) and the handlers read it
 * on first use (`OPERATIONS_SOURCE=table`, handlers/lib/table-operations-source.ts). The functions'
 * policies already allow that GetItem. A tfvars change reaches the handlers within half a minute of apply.
 */
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsConnectInstance } from "@cdktf/provider-aws/lib/data-aws-connect-instance";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { DynamodbTableItem } from "@cdktf/provider-aws/lib/dynamodb-table-item";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { TerraformLocal, TerraformOutput, TerraformVariable, type TerraformElement, type TerraformVariableConfig } from "cdktf";
import { Construct } from "constructs";
import { StatusAttribute } from "../../handlers/lib/status-item";
import { OPERATION_CONFIG_ATTRIBUTE, OPERATION_CONFIG_KEY_PREFIX, OperationsSourceVariable } from "../../handlers/lib/table-operations-source";
// The construct's settings (bridge-settings.ts), which make this module the same bridge: builders and names, then defaults and limits.
import { bridgeEnvironment, BridgeFunctions, bridgeFunctionBasics, BridgeNames, statusTableConfig, type BridgeFunctionSettings } from "../bridge-settings";
import { CONNECT_INSTANCE_ID_PATTERN, DEFAULT_LOG_RETENTION_DAYS, DEFAULT_NAME_PREFIX, DEFAULT_STATE_MACHINE_LOG_LEVEL, LAMBDA_MEMORY_MB, LOG_RETENTION_DAYS, NAME_PREFIX_PATTERN } from "../bridge-settings";
import { AWS_MIN_UNRESERVED_CONCURRENCY } from "../long-poll-defaults";
import { assumeRolePolicy, pollFunctionPolicy, ServicePrincipal, startFunctionPolicy, stateMachinePolicy, type PolicyDocument } from "../iam-policies";
import { LoggedFunction, type LoggedFunctionProps } from "../logged-function";
import { EXPRESS_MAX_TIMEOUT_SECONDS, WorkflowType } from "../operation";
import { RequestIdKeySecret } from "../request-id-key-secret";
import { hcl, renderHcl, type HclValue } from "./hcl-expression";
import { OPERATIONS_TYPE, operationsValidations } from "./operations-variable";
import { completionStatesExpression, definitionsExpression, invocationTimeoutExpression, OperationMode } from "./state-machine-locals";
import { GenericMonitoring, monitoringVariables, MonitoringVariable } from "./generic-monitoring";

/** The module's variable names (the tfvars vocabulary). */
export const GenericModuleVariable = {
  operations: "operations",
  connectInstanceId: "connect_instance_id",
  namePrefix: "name_prefix",
  tags: "tags",
  workflowType: "workflow_type",
  kmsKeyArn: "kms_key_arn",
  logRetentionDays: "log_retention_days",
  ...MonitoringVariable,
  longPollReservedConcurrency: "long_poll_reserved_concurrency",
  longPollMemorySize: "long_poll_memory_size",
  accountConcurrency: "account_concurrency",
} as const;

/** The module's output names. */
export const GenericModuleOutput = {
  startFunctionArn: "start_function_arn",
  pollFunctionArn: "poll_function_arn",
  longPollFunctionArn: "long_poll_function_arn",
  statusTableName: "status_table_name",
  statusTableArn: "status_table_arn",
  stateMachineArns: "state_machine_arns",
  lambdaAssociationIds: "lambda_association_ids",
} as const;

/** The logical names of the per-operation resources (`aws_sfn_state_machine.operation["<name>"]`, …). */
const PER_OPERATION = "operation";

/** Stand-ins for values only Terraform knows, passed through the shared policy builders. */
const Stand = {
  tableArn: "\u27e6table-arn\u27e7",
  stateMachineArns: "\u27e6state-machine-arns\u27e7",
  logGroupArn: "\u27e6log-group-arn\u27e7",
  tableKeyArn: "\u27e6table-key-arn\u27e7",
  secretArn: "\u27e6secret-arn\u27e7",
  target: "\u27e6target-arn\u27e7",
} as const;

/** Props of {@link GenericBridge}. */
export interface GenericBridgeProps {
  /** Where the handler bundles are (`<dir>/<name>/index.js`). @default `dist/handlers` of this repository */
  readonly handlersDir?: string;
}

/** The variables, locals, resources and outputs of the generic module. */
export class GenericBridge extends Construct {
  constructor(scope: Construct, id: string, props: GenericBridgeProps = {}) {
    super(scope, id);
    const v = GenericModuleVariable;
    variable(this, v.operations, {
      type: OPERATIONS_TYPE,
      description:
        "The operations, by name ([A-Za-z0-9_-]{1,40}; flows pass it as the `operation` parameter). Each has `target` (one Lambda ARN, drop-in) or `targets` (up to 10 ARNs) with `mode` \"parallel\" or \"sequence\"; optional `timeout_seconds` (60), `cache_ttl_seconds` (0 = per contact), `cache_key` (input names shared across contacts), `inputs`, `fast_path_ms` (500), `poll_wait_ms` (0), `response_type` (\"STRING_MAP\" or \"JSON\"), `target_input` (\"cache-key\", the default with `cache_key`: the target gets the cache-key inputs alone, no caller's contact data; or \"contact-event\").",
      validation: operationsValidations().map(({ condition, errorMessage }) => ({ condition, errorMessage })),
    });
    const instanceIdVar = variable(this, v.connectInstanceId, {
      type: "string",
      description: "The Amazon Connect instance id (a UUID) whose flows call start and poll.",
      validation: [{ condition: `\${can(regex("${CONNECT_INSTANCE_ID_PATTERN.source}", var.connect_instance_id))}`, errorMessage: "connect_instance_id must be a Connect instance id (a UUID such as aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee), not its ARN or alias." }],
    });
    const prefixVar = variable(this, v.namePrefix, {
      type: "string",
      default: DEFAULT_NAME_PREFIX,
      description: "Prefix of every resource name, [A-Za-z0-9_-]{1,20}.",
      validation: [{ condition: `\${can(regex("${NAME_PREFIX_PATTERN.source}", var.name_prefix))}`, errorMessage: "name_prefix must match [A-Za-z0-9_-]{1,20} so that every derived name fits AWS limits; shorten or rename it." }],
    });
    const tagsVar = variable(this, v.tags, { type: "map(string)", default: {}, description: "Tags of every resource that takes tags." });
    const workflowVar = variable(this, v.workflowType, {
      type: "string",
      default: WorkflowType.EXPRESS,
      description: "The state machine type: EXPRESS (up to 300 s, cheap, fast to start) or STANDARD (up to a year).",
      validation: [{ condition: `\${contains(${renderHcl(Object.values(WorkflowType))}, var.workflow_type)}`, errorMessage: 'workflow_type must be "EXPRESS" or "STANDARD".' }],
    });
    const kmsVar = variable(this, v.kmsKeyArn, {
      type: "string",
      description: "A customer managed KMS key (ARN) for the status table; the roles get the key permissions they need. Null: the AWS managed key.",
    });
    // Optional with no value: CDKTF drops a null `default`, Terraform needs it to make the variable optional.
    kmsVar.addOverride("default", null);
    const retentionVar = variable(this, v.logRetentionDays, {
      type: "number",
      default: DEFAULT_LOG_RETENTION_DAYS,
      description: "Retention of every log group, in days (a value CloudWatch Logs accepts).",
      validation: [{ condition: `\${contains(${renderHcl([...LOG_RETENTION_DAYS])}, var.log_retention_days)}`, errorMessage: `log_retention_days must be a value CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}.` }],
    });
    const monitoring = monitoringVariables((name, config) => variable(this, name, config));
    // The long poll's own bounded share (ConnectAsyncBridge's longPoll, where the sizing rule is written down).
    const longPollReservedVar = variable(this, v.longPollReservedConcurrency, {
      type: "number",
      default: BridgeFunctions.longPoll.reservedConcurrency,
      description:
        "Concurrent executions reserved for (and capping) the long-poll function the event strategy invokes asynchronously, so waiting callers never starve start, poll or your backends. Size it as about 1.2 x peak new waiting callers a second x seconds per round (30 s on voice by default): 3 callers a second hold about 90.",
      validation: [
        {
          condition: "${var.long_poll_reserved_concurrency >= 1 && floor(var.long_poll_reserved_concurrency) == var.long_poll_reserved_concurrency}",
          errorMessage: "long_poll_reserved_concurrency must be a whole number of at least 1 (about 1.2 x peak waiting callers a second x seconds per round).",
        },
      ],
    });
    const longPollMemoryVar = variable(this, v.longPollMemorySize, {
      type: "number",
      default: BridgeFunctions.longPoll.memorySize,
      description: "Memory of the long-poll function in MB; it mostly sleeps between reads and is billed for its whole wait, so the least.",
      validation: [
        {
          condition: `\${var.long_poll_memory_size >= ${LAMBDA_MEMORY_MB.min} && var.long_poll_memory_size <= ${LAMBDA_MEMORY_MB.max} && floor(var.long_poll_memory_size) == var.long_poll_memory_size}`,
          errorMessage: `long_poll_memory_size must be a whole number of MB from ${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max}.`,
        },
      ],
    });
    const accountVar = variable(this, v.accountConcurrency, {
      type: "number",
      description: `The account's Lambda concurrency quota in this Region (1,000 by default, less on new accounts). When set, plan fails if long_poll_reserved_concurrency would leave fewer than the ${AWS_MIN_UNRESERVED_CONCURRENCY} unreserved executions AWS keeps (Lambda would refuse it at apply). Null: no check.`,
      validation: [
        {
          condition: `\${var.account_concurrency == null ? true : var.account_concurrency >= ${AWS_MIN_UNRESERVED_CONCURRENCY} && floor(var.account_concurrency) == var.account_concurrency}`,
          errorMessage: `account_concurrency must be the account's Lambda concurrency quota, a whole number of at least ${AWS_MIN_UNRESERVED_CONCURRENCY}, or null.`,
        },
      ],
    });
    accountVar.addOverride("default", null);
    const prefix = prefixVar.stringValue;
    const tags = tagsVar.value as { [key: string]: string };

    const partition = named(new DataAwsPartition(this, "partition"), "current").partition;
    const region = named(new DataAwsRegion(this, "region"), "current").region;
    const account = named(new DataAwsCallerIdentity(this, "account"), "current").accountId;
    const instance = named(new DataAwsConnectInstance(this, "instance", { instanceId: instanceIdVar.stringValue }), "this");
    const arnPrefix = BridgeNames.stateMachineArnPrefix({ partition, region, account, prefix });

    // The construct's table with its defaults (no point-in-time recovery, no deletion protection).
    const table = named(new DynamodbTable(this, "table", statusTableConfig({ prefix, kmsKeyArn: kmsVar.stringValue, pointInTimeRecovery: false, deletionProtection: false, tags })), "status");

    // The operations with defaults applied, their mode and targets normalised, and each invocation's timeout.
    const normalized = named(
      new TerraformLocal(
        this,
        "normalized",
        `\${{ for name, op in var.operations : name => merge(op, { mode = op.target != null ? "${OperationMode.dropIn}" : op.mode, targets = op.target != null ? [op.target] : op.targets }) }}`,
      ),
      "operations_normalized",
    );
    const operations = named(
      new TerraformLocal(this, "operations-local", `\${{ for name, op in local.${normalized.friendlyUniqueId} : name => merge(op, { invocation_timeout_seconds = ${invocationTimeoutExpression("op")} }) }}`),
      "operations",
    );
    const ops = `local.${operations.friendlyUniqueId}`;
    named(new TerraformLocal(this, "arn-prefix", arnPrefix), "state_machine_arn_prefix");
    const definitionScope = { operations: ops, tableName: `aws_dynamodb_table.${table.friendlyUniqueId}.name`, completionStates: "local.completion_states" };
    named(new TerraformLocal(this, "completion-states", `\${${completionStatesExpression(definitionScope)}}`), "completion_states");
    const definitions = named(new TerraformLocal(this, "definitions-local", `\${${definitionsExpression(definitionScope)}}`), "definitions");

    const requestIdKey = new RequestIdKeySecret(this, "request-id-key", { namePrefix: prefix, tags });
    const environment = bridgeEnvironment({
      tableName: table.name,
      operationsSource: [OperationsSourceVariable.name, OperationsSourceVariable.table],
      stateMachineArnPrefix: "${local.state_machine_arn_prefix}",
      requestIdKeySecretArn: requestIdKey.secretArn,
      metricsNamespace: monitoring.metricsNamespace,
    });
    const logRetentionDays = retentionVar.numberValue;
    // Each function's policy is set below (`addOverride`): it needs list expressions a JSON string cannot hold.
    const noPolicyYet = (): PolicyDocument => ({ Version: "2012-10-17", Statement: [] });
    // The construct's functions with their defaults; only the long poll's size and reserve are variables.
    const bridgeFunction = (fn: BridgeFunctionSettings, own: Pick<LoggedFunctionProps, "sharedBundle" | "memorySize" | "reservedConcurrentExecutions"> = {}) =>
      new LoggedFunction(this, fn.id, {
        ...bridgeFunctionBasics(prefix, fn, environment),
        handlersDir: props.handlersDir,
        sharedBundle: own.sharedBundle,
        memorySize: own.memorySize ?? fn.memorySize,
        timeoutSeconds: fn.timeoutSeconds,
        reservedConcurrentExecutions: own.reservedConcurrentExecutions,
        logRetentionDays,
        tags,
        dependsOn: requestIdKey.dependables,
        policy: noPolicyYet,
      });
    const poll = bridgeFunction(BridgeFunctions.poll);
    const functions = {
      start: bridgeFunction(BridgeFunctions.start),
      poll,
      longPoll: bridgeFunction(BridgeFunctions.longPoll, { sharedBundle: poll.bundle, memorySize: longPollMemoryVar.numberValue, reservedConcurrentExecutions: longPollReservedVar.numberValue }),
    };
    // What the construct warns about at synth, Terraform checks at plan: Lambda refuses a reserve that
    // leaves fewer unreserved executions than it keeps.
    functions.longPoll.function.addOverride("lifecycle.precondition", [
      {
        condition: `\${var.account_concurrency == null ? true : var.account_concurrency - var.long_poll_reserved_concurrency >= ${AWS_MIN_UNRESERVED_CONCURRENCY}}`,
        error_message: `long_poll_reserved_concurrency \${var.long_poll_reserved_concurrency} would leave fewer than the ${AWS_MIN_UNRESERVED_CONCURRENCY} unreserved executions AWS keeps of the account's \${var.account_concurrency == null ? 0 : var.account_concurrency}, so Lambda would refuse it; lower it or raise account_concurrency with the account's quota.`,
      },
    ]);
    // The account owning the instance (the permission's source_account), as the construct derives it.
    const connectAccount = named(new TerraformLocal(this, "connect-account", `\${element(split(":", data.aws_connect_instance.${instance.friendlyUniqueId}.arn), 4)}`), "connect_account");
    // The functions' own children keep CDKTF's stable hashed addresses: LoggedFunction references them
    // before they could be renamed.
    for (const fn of Object.values(functions)) {
      fn.allowConnect({ instanceId: instanceIdVar.stringValue, instanceArn: instance.arn, account: `\${local.${connectAccount.friendlyUniqueId}}` });
    }

    // The functions' policies: the construct's, with the Terraform references in place of the stand-ins.
    const machinesRef = `aws_sfn_state_machine.${PER_OPERATION}`;
    const standIns = (logGroupRef: string) => ({
      strings: new Map([
        [Stand.tableArn, `aws_dynamodb_table.${table.friendlyUniqueId}.arn`],
        ...(logGroupRef ? [[Stand.logGroupArn, `${logGroupRef}.arn`] as const] : []),
        [Stand.tableKeyArn, "var.kms_key_arn"],
        [Stand.secretArn, `aws_secretsmanager_secret.${requestIdKey.secret?.friendlyUniqueId}.arn`],
      ]),
    });
    // The construct adds the table-key statement only when a key is given; the module decides at plan time.
    const withOrWithoutKey = (policy: (tableKeyArn?: string) => PolicyDocument, replace: (document: PolicyDocument) => HclValue, logGroupRef = "") =>
      `\${var.kms_key_arn == null ? jsonencode(${renderHcl(replace(policy()), standIns(logGroupRef))}) : jsonencode(${renderHcl(replace(policy(Stand.tableKeyArn)), standIns(logGroupRef))})}`;
    const asIs = (document: PolicyDocument): HclValue => document as unknown as HclValue;
    const requestIdKeyGrant = { secretArn: Stand.secretArn };
    const machineArnsList = (document: PolicyDocument): HclValue =>
      ({
        ...document,
        Statement: document.Statement.map((statement) =>
          Array.isArray(statement.Resource) && statement.Resource.length === 1 && statement.Resource[0] === Stand.stateMachineArns
            ? { ...statement, Resource: hcl(`[for machine in ${machinesRef} : machine.arn]`) }
            : statement,
        ),
      }) as unknown as HclValue;
    functionPolicy(functions.start).addOverride(
      "policy",
      withOrWithoutKey(
        (tableKeyArn) => startFunctionPolicy({ tableArn: Stand.tableArn, stateMachineArns: [Stand.stateMachineArns], logGroupArn: Stand.logGroupArn, tableKeyArn, requestIdKey: requestIdKeyGrant }),
        machineArnsList,
        `aws_cloudwatch_log_group.${functions.start.logGroup.friendlyUniqueId}`,
      ),
    );
    for (const fn of [functions.poll, functions.longPoll]) {
      functionPolicy(fn).addOverride(
        "policy",
        withOrWithoutKey(
          (tableKeyArn) => pollFunctionPolicy({ tableArn: Stand.tableArn, logGroupArn: Stand.logGroupArn, tableKeyArn, requestIdKey: requestIdKeyGrant }),
          asIs,
          `aws_cloudwatch_log_group.${fn.logGroup.friendlyUniqueId}`,
        ),
      );
    }

    // Per operation: log group, role (trusted only for its own state machine), policy, state machine, config item.
    const logGroup = named(
      new CloudwatchLogGroup(this, "sm-log-group", { name: BridgeNames.stateMachineLogGroup(BridgeNames.stateMachine(prefix, "${each.key}")), retentionInDays: logRetentionDays, tags }),
      PER_OPERATION,
    );
    logGroup.addOverride("for_each", `\${${ops}}`);
    const machineArn = `\${local.state_machine_arn_prefix}\${each.key}`;
    const role = named(
      new IamRole(this, "sm-role", {
        name: BridgeNames.stateMachineRole(prefix, "${each.key}"),
        assumeRolePolicy: JSON.stringify(assumeRolePolicy(ServicePrincipal.stepFunctions, { account, arns: [machineArn, `${machineArn}:*`] })),
        tags,
      }),
      PER_OPERATION,
    );
    role.addOverride("for_each", `\${${ops}}`);
    const targetPair = renderHcl(stateMachinePolicy({ tableArn: Stand.tableArn, targetArns: [Stand.target] }).Statement[0].Resource as HclValue, { strings: new Map([[Stand.target, "arn"]]) });
    const invokeTargets = (document: PolicyDocument): HclValue =>
      ({
        ...document,
        Statement: document.Statement.map((statement) => (statement.Sid === "InvokeTargets" ? { ...statement, Resource: hcl(`flatten([for arn in distinct(each.value.targets) : ${targetPair}])`) } : statement)),
      }) as unknown as HclValue;
    const rolePolicy = named(
      new IamRolePolicy(this, "sm-policy", {
        name: "least-privilege",
        role: `\${aws_iam_role.${PER_OPERATION}[each.key].name}`,
        policy: withOrWithoutKey((tableKeyArn) => stateMachinePolicy({ tableArn: Stand.tableArn, targetArns: [Stand.target], tableKeyArn }), invokeTargets),
      }),
      PER_OPERATION,
    );
    rolePolicy.addOverride("for_each", `\${${ops}}`);
    const machine = named(
      new SfnStateMachine(this, "state-machine", {
        name: BridgeNames.stateMachine(prefix, "${each.key}"),
        type: workflowVar.stringValue,
        roleArn: `\${aws_iam_role.${PER_OPERATION}[each.key].arn}`,
        definition: `\${local.${definitions.friendlyUniqueId}[each.key]}`,
        loggingConfiguration: { logDestination: `\${aws_cloudwatch_log_group.${PER_OPERATION}[each.key].arn}:*`, level: DEFAULT_STATE_MACHINE_LOG_LEVEL, includeExecutionData: false },
        tags,
        lifecycle: {
          precondition: [
            {
              condition: `\${var.workflow_type == "STANDARD" || each.value.timeout_seconds <= ${EXPRESS_MAX_TIMEOUT_SECONDS}}`,
              errorMessage: `Operation "\${each.key}": timeout_seconds \${each.value.timeout_seconds} exceeds the ${EXPRESS_MAX_TIMEOUT_SECONDS} s limit of EXPRESS state machines; lower it or set workflow_type = "STANDARD".`,
            },
          ],
        },
      }),
      PER_OPERATION,
    );
    machine.addOverride("for_each", `\${${ops}}`);
    machine.addOverride("depends_on", [`aws_iam_role_policy.${PER_OPERATION}`]);

    new GenericMonitoring(this, "monitoring", {
      prefix,
      region,
      tableName: table.name,
      functions: [
        { id: BridgeFunctions.start.id, fn: functions.start, contract: BridgeFunctions.start.bundle },
        { id: BridgeFunctions.poll.id, fn: functions.poll, contract: BridgeFunctions.poll.bundle },
        // Connect invokes it too: its alarms (near-reserve included), dashboard lines, log group and tracing.
        { id: BridgeFunctions.longPoll.id, fn: functions.longPoll, contract: BridgeFunctions.longPoll.bundle },
      ],
      stateMachine: machine,
      operationsRef: ops,
      stateMachineLogGroupsRef: `aws_cloudwatch_log_group.${PER_OPERATION}`,
      stateMachineRolesRef: `aws_iam_role.${PER_OPERATION}`,
      named,
      variable: (name, config) => variable(this, name, config),
    });

    const config = {
      stateMachineArn: hcl('"${local.state_machine_arn_prefix}${each.key}"'),
      timeoutSeconds: hcl("each.value.timeout_seconds"),
      cacheTtlSeconds: hcl("each.value.cache_ttl_seconds"),
      cacheKey: hcl("each.value.cache_key"),
      fastPathMs: hcl("each.value.fast_path_ms"),
      pollWaitMs: hcl("each.value.poll_wait_ms"),
      responseType: hcl("each.value.response_type"),
      targetInput: hcl("each.value.target_input"),
    };
    const item = named(
      new DynamodbTableItem(this, "config-item", {
        tableName: table.name,
        hashKey: table.hashKey,
        item: `\${jsonencode(${renderHcl({ [StatusAttribute.pk]: { S: hcl(`"${OPERATION_CONFIG_KEY_PREFIX}\${each.key}"`) }, [OPERATION_CONFIG_ATTRIBUTE]: { S: hcl(`jsonencode(${renderHcl(config)})`) } })})}`,
      }),
      PER_OPERATION,
    );
    item.addOverride("for_each", `\${${ops}}`);

    const output = (name: string, value: unknown, description: string) => named(new TerraformOutput(this, name, { value, description }), name);
    output(GenericModuleOutput.startFunctionArn, functions.start.function.arn, "ARN of the start function: the Invoke AWS Lambda function block that starts an operation calls it.");
    output(GenericModuleOutput.pollFunctionArn, functions.poll.function.arn, "ARN of the poll function: the block that polls for the outcome calls it.");
    output(GenericModuleOutput.longPollFunctionArn, functions.longPoll.function.arn, "ARN of the long-poll function: the event strategy's asynchronous poll invokes it (the macro's longPollFunctionArn).");
    output(GenericModuleOutput.statusTableName, table.name, "Name of the status table (requests, cached results, and the operations' config items).");
    output(GenericModuleOutput.statusTableArn, table.arn, "ARN of the status table.");
    output(GenericModuleOutput.stateMachineArns, `\${{ for name, machine in ${machinesRef} : name => machine.arn }}`, "The state machine ARNs, by operation name.");
    output(
      GenericModuleOutput.lambdaAssociationIds,
      { start: functions.start.connectAssociation?.id, poll: functions.poll.connectAssociation?.id, long_poll: functions.longPoll.connectAssociation?.id },
      "Ids of the Lambda function associations with the Connect instance, by function (start, poll, long_poll); a flow that invokes the functions must be created after them.",
    );
  }
}

/** A variable under its own name (`var.name_prefix`), not CDKTF's path-derived one. */
function variable(scope: Construct, name: string, config: TerraformVariableConfig): TerraformVariable {
  return named(new TerraformVariable(scope, name, config), name);
}

/** Gives an element a readable, stable address (`aws_lambda_function.start`) instead of a hashed one. */
function named<T extends TerraformElement>(element: T, logicalId: string): T {
  element.overrideLogicalId(logicalId);
  return element;
}

function functionPolicy(fn: LoggedFunction): IamRolePolicy {
  return fn.node.findChild("policy") as IamRolePolicy;
}

