/**
 * The default stack as Terraform sees it: one full synthesis (assets included) shared by every test.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import type { FlowJson } from "../../flows/flow-json";
import { validateFlow } from "../../flows/validate";
import { invokedLambdaArns } from "../../infra/contact-flow";
import { demoOperationProps } from "../../infra/demo-operation";
import { VENDED_LOGS_ACTIONS, type PolicyDocument, type PolicyStatement } from "../../infra/iam-policies";
import { onlyResource, referenceTo, resourceNamed, resourcesOf, synthesizeDefaultStack, type SynthesizedStack } from "./support/synthesized-stack";

// asl-validator ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };

let synth: SynthesizedStack;
beforeAll(() => {
  synth = synthesizeDefaultStack();
});

// Names are `${var.name_prefix}<suffix>`: matching from the closing brace keeps "-poll" from matching "-long-poll".
const fn = (suffix: string) => resourceNamed(synth.json, "aws_lambda_function", "function_name", `}${suffix}`);
const fnRef = (suffix: string, attribute: string) => referenceTo(synth.json, "aws_lambda_function", fn(suffix), attribute);
const tableRef = (attribute: string) => referenceTo(synth.json, "aws_dynamodb_table", onlyResource(synth.json, "aws_dynamodb_table"), attribute);
const stateMachine = () => onlyResource(synth.json, "aws_sfn_state_machine");
/** The instance's account: a local derived from the instance ARN. */
const connectAccount = () => {
  const locals = Object.entries((synth.json.locals ?? {}) as { [name: string]: string });
  expect(locals).toEqual([[expect.stringMatching(/connect-account/), '${element(split(":", data.aws_connect_instance.connect_instance.arn), 4)}']]);
  return `\${local.${locals[0][0]}}`;
};
const logGroupArnOf = (name: string) =>
  referenceTo(synth.json, "aws_cloudwatch_log_group", resourceNamed(synth.json, "aws_cloudwatch_log_group", "name", name), "arn");

describe("the default stack", () => {
  it("declares exactly the resources of the demo", () => {
    const counts = Object.fromEntries(Object.entries(synth.json.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]));
    expect(counts).toEqual({
      // Monitoring (docs/operations.md): 3 alarms for the one state machine, 2 for each of start, poll and
      // the long poll, 1 for the long poll nearing its reserve, and 4 bridge-wide; the dashboard; 3 saved queries.
      aws_cloudwatch_dashboard: 1,
      aws_cloudwatch_metric_alarm: 14,
      aws_cloudwatch_query_definition: 3,
      aws_cloudwatch_log_group: 5,
      aws_connect_contact_flow: 1,
      aws_connect_lambda_function_association: 3,
      aws_dynamodb_table: 1,
      aws_iam_role: 5,
      aws_iam_role_policy: 5,
      aws_lambda_function: 4,
      aws_lambda_permission: 3,
      aws_secretsmanager_secret: 1,
      aws_secretsmanager_secret_version: 1,
      aws_sfn_state_machine: 1,
    });
    expect(Object.keys(synth.json.data ?? {})).toEqual(
      expect.arrayContaining(["aws_caller_identity", "aws_connect_instance", "aws_partition", "aws_region", "aws_secretsmanager_random_password"]),
    );
  });

  it("takes the instance, region, name prefix and tags as variables", () => {
    expect(Object.keys(synth.json.variable ?? {}).sort()).toEqual(["aws_region", "connect_instance_id", "name_prefix", "tags"]);
    expect(synth.json.variable?.aws_region).toMatchObject({ default: "us-east-1" });
    expect(synth.json.variable?.name_prefix).toMatchObject({ default: "connect-async-demo" });
    expect(synth.json.variable?.connect_instance_id?.default).toBeUndefined();
    expect(synth.json.provider).toEqual({ aws: [{ region: "${var.aws_region}" }] });
  });

  it("writes every variable validation as a ${…} expression on its own variable (Terraform JSON reads bare strings literally)", () => {
    const variables = Object.entries(synth.json.variable ?? {});
    const validations = variables.flatMap(([name, variable]) =>
      ((variable.validation ?? []) as Array<{ condition: string }>).map((validation) => ({ name, condition: validation.condition })),
    );
    expect(validations.map((v) => v.name).sort()).toEqual(["connect_instance_id", "name_prefix"]);
    for (const { name, condition } of validations) {
      expect(condition).toMatch(/^\$\{.*\}$/);
      expect(condition).toContain(`var.${name}`);
    }
  });

  it("keeps state in a local file next to the project, by a relative path", () => {
    expect(synth.json.terraform?.backend).toEqual({ local: { path: "../../../terraform.connect-async.tfstate" } });
  });

  it("names the flow, functions, table and state machines in its outputs", () => {
    expect(Object.keys(synth.json.output ?? {}).sort()).toEqual([
      "contact_flow_arn",
      "contact_flow_name",
      "demo_backend_function_name",
      "long_poll_function_name",
      "poll_function_name",
      "start_function_name",
      "state_machine_arns",
      "status_table_name",
    ]);
    expect(synth.json.output?.state_machine_arns?.value).toEqual({ demo: referenceTo(synth.json, "aws_sfn_state_machine", stateMachine(), "arn") });
  });
});

describe("the status table", () => {
  it("is on-demand, keyed by pk, expires items on expiresAt and is encrypted", () => {
    expect(onlyResource(synth.json, "aws_dynamodb_table")).toMatchObject({
      name: "${var.name_prefix}-status",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "pk",
      attribute: [{ name: "pk", type: "S" }],
      ttl: { enabled: true, attribute_name: "expiresAt" },
      server_side_encryption: { enabled: true },
      point_in_time_recovery: { enabled: false },
      deletion_protection_enabled: false,
    });
  });
});

describe("the demo operation's state machine", () => {
  it("is EXPRESS and logs errors, without execution data, to a log group ARN ending in :*", () => {
    const logGroup = resourceNamed(synth.json, "aws_cloudwatch_log_group", "name", "/aws/vendedlogs/states/${var.name_prefix}-demo");
    expect(stateMachine()).toMatchObject({
      name: "${var.name_prefix}-demo",
      type: "EXPRESS",
      logging_configuration: {
        log_destination: `${referenceTo(synth.json, "aws_cloudwatch_log_group", logGroup, "arn")}:*`,
        level: "ERROR",
        include_execution_data: false,
      },
    });
    expect(logGroup).toMatchObject({ retention_in_days: 30 });
  });

  it("has a definition asl-validator accepts, with the table and target as Terraform references", () => {
    const definition = JSON.parse(stateMachine().definition as string);
    const validation = aslValidator(structuredClone(definition));
    expect(validation.errorsText("\n")).toBe("");
    expect(validation.isValid).toBe(true);
    expect(definition).toMatchObject({
      TimeoutSeconds: 120,
      States: {
        "Invoke target": {
          Resource: "arn:aws:states:::lambda:invoke",
          Parameters: { FunctionName: fnRef("-demo-backend", "arn"), "Payload.$": "$.event" },
        },
        "Record success": { Resource: "arn:aws:states:::dynamodb:updateItem", Parameters: { TableName: tableRef("name") } },
        "Record failure": { Resource: "arn:aws:states:::dynamodb:updateItem", Parameters: { TableName: tableRef("name") } },
      },
    });
  });
});

describe("the Lambda functions", () => {
  it.each([
    ["-start", 8],
    ["-poll", 60],
    ["-long-poll", 60],
    ["-demo-backend", 120],
  ])("%s runs nodejs22.x on arm64 from a zip shipped with the stack", (suffix, timeout) => {
    const block = fn(suffix);
    expect(block).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", timeout });
    const filename = block.filename as string;
    expect(filename).toMatch(/^assets\/[^/]+\/[0-9A-F]{32}\/[a-z-]+\.zip$/);
    expect(filename.split("/")[2]).toBe(block.source_code_hash);
    expect(fs.existsSync(path.join(synth.stackDir, filename))).toBe(true);
  });

  it.each(["-start", "-poll", "-long-poll", "-demo-backend"])("%s logs to its own /aws/lambda group, created first", (suffix) => {
    const block = fn(suffix);
    const logGroupName = `/aws/lambda/${String(block.function_name)}`;
    const logGroup = resourceNamed(synth.json, "aws_cloudwatch_log_group", "name", logGroupName);
    expect(logGroup).toMatchObject({ name: logGroupName, retention_in_days: 30 });
    expect(block.depends_on).toContain(`aws_cloudwatch_log_group.${resourcesOf(synth.json, "aws_cloudwatch_log_group").find(([, b]) => b === logGroup)?.[0]}`);
  });

  it.each(["-start", "-poll", "-long-poll"])("%s knows the table, the request-id key's secret and the operations, from a file in its zip", (suffix) => {
    // GIVEN the function's environment and the zip that was synthesized with the stack
    const variables = (fn(suffix).environment as { variables: { [name: string]: string } }).variables;
    const zip = unzipSync(new Uint8Array(fs.readFileSync(path.join(synth.stackDir, fn(suffix).filename as string))));
    // THEN
    expect(variables.TABLE_NAME).toBe(tableRef("name"));
    expect(variables.REQUEST_ID_KEY_SECRET_ARN).toBe(referenceTo(synth.json, "aws_secretsmanager_secret", onlyResource(synth.json, "aws_secretsmanager_secret"), "arn"));
    expect(variables.OPERATIONS).toBeUndefined();
    // The state machine's ARN is the prefix plus the operation's name: the machine is named "<prefix>-demo".
    expect(`${variables.STATE_MACHINE_ARN_PREFIX}demo`).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:states:\$\{data\.aws_region\.[^}]+\}:\$\{data\.aws_caller_identity\.[^}]+\}:stateMachine:\$\{var\.name_prefix\}-demo$/);
    expect(stateMachine().name).toBe("${var.name_prefix}-demo");
    const operations = JSON.parse(Buffer.from(zip[variables.OPERATIONS_FILE]).toString("utf8")) as unknown;
    // The demo operation's own settings (infra/demo-operation.ts), each written out, defaults included.
    const demo = demoOperationProps("unused");
    expect(operations).toEqual({
      demo: {
        timeoutSeconds: demo.timeoutSeconds,
        cacheTtlSeconds: demo.cacheTtlSeconds,
        fastPathMs: demo.fastPathMs,
        pollWaitMs: demo.pollWaitMs,
        responseType: "STRING_MAP",
      },
    });
  });
});

describe("the Connect wiring", () => {
  it.each(["-start", "-poll", "-long-poll"])("lets the instance invoke %s, scoped to its ARN and account, and associates it", (suffix) => {
    const permissions = resourcesOf(synth.json, "aws_lambda_permission").filter(([, block]) => block.function_name === fnRef(suffix, "function_name"));
    expect(permissions).toHaveLength(1);
    expect(permissions[0][1]).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "connect.amazonaws.com",
      source_arn: "${data.aws_connect_instance.connect_instance.arn}",
      source_account: connectAccount(),
    });
    const associations = resourcesOf(synth.json, "aws_connect_lambda_function_association").filter(([, block]) => block.function_arn === fnRef(suffix, "arn"));
    expect(associations).toHaveLength(1);
    expect(associations[0][1]).toMatchObject({ instance_id: "${var.connect_instance_id}" });
  });

  it("gives Connect no permission on the demo back end (only the state machine calls it)", () => {
    const permitted = resourcesOf(synth.json, "aws_lambda_permission").map(([, block]) => block.function_name);
    expect(permitted).not.toContain(fnRef("-demo-backend", "function_name"));
  });
});

describe("the demo contact flow", () => {
  const flowResource = () => onlyResource(synth.json, "aws_connect_contact_flow");
  const flowJson = () => JSON.parse(flowResource().content as string) as FlowJson;

  it("passes the flow validator", () => {
    // Interpolations are unknown until apply: give the validator stand-in ARNs.
    const content = (flowResource().content as string).replace(/\$\{aws_lambda_function\.([^.}]+)\.arn\}/g, "arn:aws:lambda:us-east-1:111111111111:function:$1");
    const errors = validateFlow(JSON.parse(content) as FlowJson).filter((issue) => issue.severity === "error");
    expect(errors).toEqual([]);
    expect(flowResource()).toMatchObject({ instance_id: "${var.connect_instance_id}", type: "CONTACT_FLOW", name: "${var.name_prefix}-demo" });
  });

  it("invokes exactly the functions that are associated with the instance and permitted for Connect", () => {
    const invoked = new Set(invokedLambdaArns(flowJson()).map(({ arn }) => arn));
    const associated = new Set(resourcesOf(synth.json, "aws_connect_lambda_function_association").map(([, block]) => block.function_arn));
    const permitted = new Set(
      resourcesOf(synth.json, "aws_lambda_permission").map(([, block]) => String(block.function_name).replace(/\.function_name\}$/, ".arn}")),
    );
    expect([...invoked].sort()).toEqual([fnRef("-poll", "arn"), fnRef("-long-poll", "arn"), fnRef("-start", "arn")].sort());
    expect([...associated].sort()).toEqual([...invoked].sort());
    expect([...permitted].sort()).toEqual([...invoked].sort());
  });

  it("is created after the associations, since Connect publishes it at once", () => {
    const associations = resourcesOf(synth.json, "aws_connect_lambda_function_association").map(([name]) => `aws_connect_lambda_function_association.${name}`);
    expect(flowResource().depends_on).toEqual(expect.arrayContaining(associations));
  });
});

describe("the IAM policies", () => {
  const policies = () =>
    resourcesOf(synth.json, "aws_iam_role_policy").map(([name, block]) => ({ name, role: block.role as string, document: JSON.parse(block.policy as string) as PolicyDocument }));
  const allStatements = () => policies().flatMap((policy) => policy.document.Statement);
  const asList = (value: PolicyStatement["Action"] | PolicyStatement["Resource"]) => (value === undefined ? [] : typeof value === "string" ? [value] : [...value]);
  const roleRef = (suffix: string) => referenceTo(synth.json, "aws_iam_role", resourceNamed(synth.json, "aws_iam_role", "name", `}${suffix}`), "name");
  const secretRef = () => referenceTo(synth.json, "aws_secretsmanager_secret", onlyResource(synth.json, "aws_secretsmanager_secret"), "arn");
  const statementsOf = (roleSuffix: string) => {
    const found = policies().filter((policy) => policy.role === roleRef(roleSuffix));
    expect(found).toHaveLength(1);
    return found[0].document.Statement;
  };

  it("grant no wildcard action", () => {
    for (const statement of allStatements()) {
      for (const action of asList(statement.Action)) expect(action).not.toContain("*");
    }
  });

  it("grant a wildcard resource only for the log-delivery actions AWS requires it for", () => {
    const wildcard = allStatements().filter((statement) => asList(statement.Resource).includes("*"));
    expect(wildcard.length).toBeGreaterThan(0);
    for (const statement of wildcard) {
      expect([...asList(statement.Action)].sort()).toEqual([...VENDED_LOGS_ACTIONS].sort());
      expect(asList(statement.Resource)).toEqual(["*"]);
    }
  });

  it("let start read and write the table, start the operations' executions and write its own logs", () => {
    expect(statementsOf("-start")).toEqual([
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArnOf("/aws/lambda/${var.name_prefix}-start")}:*` },
      { Sid: "ReadWriteStatusItems", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: tableRef("arn") },
      { Sid: "StartOperationExecutions", Effect: "Allow", Action: "states:StartExecution", Resource: [referenceTo(synth.json, "aws_sfn_state_machine", stateMachine(), "arn")] },
      { Sid: "ReadRequestIdKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretRef() },
    ]);
  });

  it.each(["-poll", "-long-poll"])("let %s only read the table and the request-id key, and write its own logs", (suffix) => {
    expect(statementsOf(suffix)).toEqual([
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArnOf(`/aws/lambda/\${var.name_prefix}${suffix}`)}:*` },
      { Sid: "ReadStatusItems", Effect: "Allow", Action: "dynamodb:GetItem", Resource: tableRef("arn") },
      { Sid: "ReadRequestIdKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretRef() },
    ]);
  });

  it("let the state machine invoke only its target, complete status items and deliver its logs", () => {
    expect(statementsOf("-sm-demo")).toEqual([
      { Sid: "InvokeTargets", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [fnRef("-demo-backend", "arn"), `${fnRef("-demo-backend", "arn")}:*`] },
      { Sid: "CompleteStatusItems", Effect: "Allow", Action: "dynamodb:UpdateItem", Resource: tableRef("arn") },
      { Sid: "DeliverExecutionLogs", Effect: "Allow", Action: [...VENDED_LOGS_ACTIONS], Resource: "*" },
    ]);
  });

  it("let the demo back end only write its own logs", () => {
    expect(statementsOf("-demo-backend")).toEqual([
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArnOf("/aws/lambda/${var.name_prefix}-demo-backend")}:*` },
    ]);
  });

  it("let only the right service assume each role, Step Functions only for its own state machine in the deploying account", () => {
    const trust = (suffix: string) => JSON.parse(resourceNamed(synth.json, "aws_iam_role", "name", `}${suffix}`).assume_role_policy as string) as PolicyDocument;
    for (const suffix of ["-start", "-poll", "-long-poll", "-demo-backend"]) {
      expect(trust(suffix).Statement).toEqual([{ Sid: "AssumedByService", Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }]);
    }
    expect(trust("-sm-demo").Statement).toEqual([
      {
        Sid: "AssumedByService",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Principal: { Service: "states.amazonaws.com" },
        Condition: {
          ArnLike: { "aws:SourceArn": [expect.stringMatching(/:stateMachine:\$\{var\.name_prefix\}-demo$/), expect.stringMatching(/:stateMachine:\$\{var\.name_prefix\}-demo:\*$/)] },
          StringEquals: { "aws:SourceAccount": `\${data.aws_caller_identity.${Object.keys(synth.json.data?.aws_caller_identity ?? {})[0]}.account_id}` },
        },
      },
    ]);
    expect(stateMachine().name).toBe("${var.name_prefix}-demo");
  });

  it("attach exactly one policy to each role", () => {
    const roles = resourcesOf(synth.json, "aws_iam_role").map(([name]) => `\${aws_iam_role.${name}.name}`);
    expect(policies().map((policy) => policy.role).sort()).toEqual(roles.sort());
  });
});
