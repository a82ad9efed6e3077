/**
 * The generic Terraform module against the construct. Nothing here can download the AWS provider, so:
 * - structure: required_version, a bounded aws requirement, no provider or backend, the variables and
 *   outputs the issue lists;
 * - every `${…}` parses with HashiCorp's HCL parser (@cdktf/hcl2json) and every reference names a
 *   declared variable, local, resource or data source;
 * - for several operations maps, the module is evaluated (support/hcl-evaluator.ts, the subset of HCL
 *   it uses), resource references standing in as `<type.attribute>`, and compared with what
 *   ConnectAsyncBridge synthesizes for the same operations: state machine definitions, IAM statements,
 *   config items, resource counts; bad maps fail the module's validation where the construct refuses
 *   them. Where the `terraform` binary exists, `terraform console` (which needs no provider for
 *   variables and locals) evaluates the same expressions as a check of the evaluator;
 * - the committed prebuilt module equals what the generator writes now.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { getExpressionAst, getReferencesInExpression, parse } from "@cdktf/hcl2json";
import { Testing } from "cdktf";
import { operationConfigKey } from "../../handlers/lib/table-operations-source";
import { ConnectAsyncBridge } from "../../infra/connect-async-bridge";
import { GenericModuleOutput, GenericModuleVariable } from "../../infra/generic-module/generic-bridge";
import { EXAMPLE_TFVARS } from "../../infra/generic-module/module-example";
import { PREBUILT_MODULE_DIR, renderGenericModule } from "../../infra/generic-module/write-generic-module";
import { validateOperations, type OperationProps, type WorkflowType } from "../../infra/operation";
import { writeFixtureBundles } from "../infra/support/synthesized-stack";
import { exampleOutputs } from "./support/example-outputs";
import { parseTemplate, scopedReferences } from "./support/hcl-evaluator";
import { ModuleEvaluation } from "./support/module-evaluation";

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const handlersDir = writeFixtureBundles();
const files = renderGenericModule({ handlersDir });
const moduleJson = JSON.parse(files.get("main.tf.json") as string) as Json;
const hasTerraform = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Every string in the document holding an interpolation, with where it is. */
function interpolatedStrings(value: unknown, at = ""): Array<{ at: string; text: string }> {
  if (typeof value === "string") return value.includes("${") ? [{ at, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => interpolatedStrings(item, `${at}[${index}]`));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, item]) => interpolatedStrings(item, `${at}.${key}`));
  return [];
}

/** The top-level `${…}` sequences of a template (braces counted; the module's literals hold balanced braces). */
function interpolations(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start !== -1; start = text.indexOf("${", start + 1)) {
    if (text[start - 1] === "$") continue;
    let depth = 0;
    for (let index = start + 1; index < text.length; index++) {
      if (text[index] === "{") depth++;
      if (text[index] === "}" && --depth === 0) {
        found.push(text.slice(start + 2, index));
        start = index;
        break;
      }
    }
  }
  return found;
}

describe("the generic module's structure", () => {
  it("requires bounded Terraform and AWS provider versions and declares no provider or backend", () => {
    expect(moduleJson.terraform.required_version).toMatch(/>= 1\.\d+\.\d+, < 2/);
    expect(moduleJson.terraform.required_providers.aws).toStrictEqual({ source: "hashicorp/aws", version: expect.stringMatching(/>= 6.*< 7/) });
    expect(moduleJson.provider).toBeUndefined();
    expect(moduleJson.terraform.backend).toBeUndefined();
  });

  it("declares the variables and outputs a platform team needs", () => {
    expect(Object.keys(moduleJson.variable).sort()).toStrictEqual(Object.values(GenericModuleVariable).sort());
    expect(Object.keys(moduleJson.output).sort()).toStrictEqual(Object.values(GenericModuleOutput).sort());
    expect(moduleJson.variable.connect_instance_id.default).toBeUndefined();
    expect(moduleJson.variable.operations.validation.length).toBeGreaterThanOrEqual(10);
  });

  it("ships the zips it references and an example with two operations", () => {
    const referenced = interpolatedStrings(moduleJson.resource.aws_lambda_function).map(({ text }) => text).filter((text) => text.includes("assets/"));
    // poll and the long poll ship the same bundle
    expect([...new Set(referenced)].sort()).toStrictEqual(["${path.module}/assets/poll.zip", "${path.module}/assets/start.zip"]);
    expect(files.has("assets/start.zip") && files.has("assets/poll.zip")).toBe(true);
    expect(Object.keys(JSON.parse(files.get("examples/basic/terraform.tfvars.json") as string).operations)).toHaveLength(2);
    expect(files.get("README.md")).toMatch(/## Inputs\n\n\| Name \| Description \| Type \| Default \| Required \|/);
  });
});

describe("the example root module", () => {
  it("parses, calls the module two folders up, and declares every variable its tfvars sets", async () => {
    const root = (await parse("main.tf", files.get("examples/basic/main.tf") as string)) as Json;
    const tfvars = JSON.parse(files.get("examples/basic/terraform.tfvars.json") as string) as Json;
    expect(root.module.connect_async[0].source).toBe("../..");
    expect(Object.keys(root.variable).sort()).toStrictEqual(Object.keys(tfvars).sort());
    expect(root.provider.aws).toBeDefined();
  });
});

describe("the generic module's expressions", () => {
  const expressions = interpolatedStrings(moduleJson).flatMap(({ at, text }) => interpolations(text).map((expression) => ({ at, expression })));
  const declared = new Set([
    ...Object.keys(moduleJson.variable).map((name) => `var.${name}`),
    ...Object.keys(moduleJson.locals).map((name) => `local.${name}`),
    ...Object.entries(moduleJson.resource as Json).flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`)),
    ...Object.entries(moduleJson.data as Json).flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `data.${type}.${name}`)),
  ]);

  it("has expressions to check", () => {
    expect(expressions.length).toBeGreaterThan(40);
  });

  it("parses every ${…} with HashiCorp's HCL parser", async () => {
    const failures: string[] = [];
    for (const { at, expression } of expressions) {
      await getExpressionAst("main.tf", expression).catch((error: Error) => failures.push(`${at}: ${error.message}`));
    }
    expect(failures).toStrictEqual([]);
  });

  it("refers only to declared variables, locals, resources and data sources", async () => {
    const undeclared: string[] = [];
    for (const { at, expression } of expressions) {
      for (const reference of await getReferencesInExpression("main.tf", `\${${expression}}`)) {
        const parts = reference.value.split(".");
        const root = parts[0] === "data" ? parts.slice(0, 3).join(".") : parts.slice(0, 2).join(".").replace(/\[.*$/, "");
        const scoped = ["var", "local", "data"].includes(parts[0]) || parts[0].startsWith("aws_");
        if (scoped && !declared.has(root)) undeclared.push(`${at}: ${reference.value}`);
      }
    }
    expect(undeclared).toStrictEqual([]);
  });

  it("refers only to declared names inside for-expression bodies too", () => {
    const undeclared = interpolatedStrings(moduleJson).flatMap(({ at, text }) => scopedReferences(parseTemplate(text)).filter((reference) => !declared.has(reference)).map((reference) => `${at}: ${reference}`));
    expect(undeclared).toStrictEqual([]);
    expect(scopedReferences(parseTemplate("${[for m in var.a : aws_x.nope[m].arn]}"))).toStrictEqual(["var.a", "aws_x.nope"]);
  });
});

// ---- evaluation, compared with the construct ----------------------------------------------------

const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const INSTANCE_ARN = `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}`;
const lambdaArn = (name: string) => `arn:aws:lambda:eu-west-2:123456789012:function:${name}`;

/** The construct's JSON string with its references as `<type.attribute>`, as the evaluator gives them. */
function constructStandIn(text: string): string {
  return text
    .replace(/\$\{data\.(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z_]+)\}/g, "<data.$1.$2>")
    .replace(/\$\{(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z_]+)\}/g, "<$1.$2>");
}

/** A resource or data reference as the literal `<type.attribute>`, for terraform console. */
function consoleStandIn(text: string): string {
  return text
    .replace(/\bdata\.(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z_]+)/g, '"<data.$1.$2>"')
    .replace(/\b(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+(\[[^\]]+\])?\.([a-z_]+)\b/g, '"<$1.$3>"');
}

/** A per-operation argument as an expression of the locals alone (`each.*` spelled out), for terraform console. */
function consoleProbe(argument: string, name: string): string {
  const inner = interpolations(argument);
  if (inner.length !== 1 || argument !== `\${${inner[0]}}`) throw new Error(`probe only whole interpolations, not ${argument.slice(0, 80)}`);
  return inner[0]
    .replace(/\[for machine in aws_sfn_state_machine\.operation : machine\.arn\]/g, "[for name in keys(local.operations) : aws_sfn_state_machine.operation[name].arn]")
    .replace(/\beach\.key\b/g, JSON.stringify(name))
    .replace(/\beach\.value\b/g, `local.operations[${JSON.stringify(name)}]`);
}

/** Evaluates `probes` with terraform console (variables and locals only: no provider needed). */
function terraformConsole(values: Json, probes: { [name: string]: string }): Json {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-generic-eval-"));
  try {
    const locals = Object.fromEntries(Object.entries(moduleJson.locals as Json).map(([name, value]) => [name, consoleStandIn(String(value))]));
    // Local names allow no dots: the probes are numbered, and named again in the answer.
    const names = Object.keys(probes);
    names.forEach((name, index) => (locals[`probe_${index}`] = `\${${consoleStandIn(probes[name])}}`));
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ variable: moduleJson.variable, locals }));
    fs.writeFileSync(path.join(dir, "test.tfvars.json"), JSON.stringify(values));
    const output = execFileSync("terraform", ["console", "-var-file=test.tfvars.json"], {
      cwd: dir,
      input: `jsonencode({ ${names.map((name, index) => `"${name}" = local.probe_${index}`).join(", ")} })\n`,
      env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
    // Warnings (e.g. no CLI configuration file) come first; the value is the last line.
    return JSON.parse(JSON.parse(output.trim().split("\n").pop() ?? "")) as Json;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const TEN_TARGETS = Array.from({ length: 10 }, (_, index) => lambdaArn(`part-${index}`));

interface Case {
  readonly title: string;
  readonly workflowType: WorkflowType;
  readonly kms?: string;
  readonly operations: ReadonlyArray<OperationProps>;
  readonly tfvars: Json;
}

const cases: ReadonlyArray<Case> = [
  { title: "a single drop-in target", workflowType: "EXPRESS", operations: [{ name: "balance", target: lambdaArn("balance") }], tfvars: { balance: { target: lambdaArn("balance") } } },
  {
    title: "three parallel targets with a cache key and a table key",
    workflowType: "EXPRESS",
    kms: "arn:aws:kms:eu-west-2:123456789012:key/11111111-2222-3333-4444-555555555555",
    operations: [{ name: "profile", target: { parallel: [lambdaArn("a"), lambdaArn("b"), lambdaArn("c")] }, timeoutSeconds: 20, cacheKey: ["id"], inputs: ["id"], cacheTtlSeconds: 60, fastPathMs: 0 }],
    tfvars: { profile: { targets: [lambdaArn("a"), lambdaArn("b"), lambdaArn("c")], mode: "parallel", timeout_seconds: 20, cache_key: ["id"], inputs: ["id"], cache_ttl_seconds: 60, fast_path_ms: 0 } },
  },
  {
    title: "a sequence on a STANDARD workflow beside a drop-in, declared out of name order",
    workflowType: "STANDARD",
    operations: [
      { name: "ping", target: lambdaArn("ping") },
      { name: "checkout", target: { sequence: [lambdaArn("reserve"), lambdaArn("charge"), lambdaArn("reserve")] }, timeoutSeconds: 600, pollWaitMs: 1500, responseType: "JSON" },
    ],
    tfvars: { checkout: { targets: [lambdaArn("reserve"), lambdaArn("charge"), lambdaArn("reserve")], mode: "sequence", timeout_seconds: 600, poll_wait_ms: 1500, response_type: "JSON" }, ping: { target: lambdaArn("ping") } },
  },
  {
    title: "the most parallel targets beside a one-step sequence",
    workflowType: "EXPRESS",
    operations: [
      { name: "fan-out", target: { parallel: TEN_TARGETS } },
      { name: "one_step", target: { sequence: [lambdaArn("only")] }, timeoutSeconds: 300 },
    ],
    tfvars: { "fan-out": { targets: TEN_TARGETS, mode: "parallel" }, one_step: { targets: [lambdaArn("only")], mode: "sequence", timeout_seconds: 300 } },
  },
];

describe.each(cases)("for $title", ({ workflowType, kms, operations, tfvars }) => {
  let construct: Json;
  let bridge: ConnectAsyncBridge;
  let evaluation: ModuleEvaluation;
  const names = operations.map((operation) => operation.name);
  const values = { operations: tfvars, connect_instance_id: INSTANCE_ID, workflow_type: workflowType, ...(kms ? { kms_key_arn: kms } : {}) };
  const functionPolicyName = (fn: string) => Object.keys(moduleJson.resource.aws_iam_role_policy as Json).find((name) => name.startsWith(`${fn}_`)) ?? "";
  beforeAll(() => {
    construct = JSON.parse(
      Testing.synthScope((stack) => (bridge = new ConnectAsyncBridge(stack, "bridge", { connectInstance: { instanceId: INSTANCE_ID, instanceArn: INSTANCE_ARN }, operations, workflowType, kmsKeyArn: kms, handlersDir }))),
    ) as Json;
    evaluation = new ModuleEvaluation(moduleJson, values);
  });

  const constructMachine = (name: string) => Object.values(construct.resource.aws_sfn_state_machine as Json).find((machine) => String(machine.name).endsWith(`-${name}`));
  const constructPolicyOf = (roleSuffix: string) => {
    const [roleId] = Object.entries(construct.resource.aws_iam_role as Json).find(([, role]) => String(role.name).endsWith(roleSuffix)) ?? [];
    const policy = Object.values(construct.resource.aws_iam_role_policy as Json).find((block) => block.role === `\${aws_iam_role.${roleId}.name}`);
    return JSON.parse(constructStandIn(policy.policy));
  };

  it("passes the module's validation and preconditions, as the construct accepted it", () => {
    expect(evaluation.validationErrors).toStrictEqual([]);
    expect(names.flatMap((name) => evaluation.preconditionErrors("aws_sfn_state_machine", "operation", name))).toStrictEqual([]);
  });

  it("renders each state machine definition exactly as the construct does, on the chosen workflow type", () => {
    for (const name of names) {
      expect(JSON.parse(evaluation.argument("aws_sfn_state_machine", "operation", "definition", name) as string)).toStrictEqual(JSON.parse(constructStandIn(constructMachine(name).definition)));
      expect(evaluation.argument("aws_sfn_state_machine", "operation", "type", name)).toBe(constructMachine(name).type);
    }
  });

  it("gives each state machine role the construct's statements and trust", () => {
    for (const name of names) {
      expect(JSON.parse(evaluation.argument("aws_iam_role_policy", "operation", "policy", name) as string)).toStrictEqual(constructPolicyOf(`-sm-${name}`));
      const constructRole = Object.values(construct.resource.aws_iam_role as Json).find((role) => String(role.name).endsWith(`-sm-${name}`));
      expect(JSON.parse(evaluation.argument("aws_iam_role", "operation", "assume_role_policy", name) as string)).toStrictEqual(JSON.parse(constructStandIn(constructRole.assume_role_policy)));
    }
  });

  it("gives start and poll the construct's statements (state machines in any order)", () => {
    const sortResources = (document: Json) => ({ ...document, Statement: document.Statement.map((statement: Json) => (Array.isArray(statement.Resource) ? { ...statement, Resource: [...statement.Resource].sort() } : statement)) });
    for (const fn of ["start", "poll"]) {
      const policy = JSON.parse(evaluation.argument("aws_iam_role_policy", functionPolicyName(fn), "policy") as string);
      expect(sortResources(policy)).toStrictEqual(sortResources(constructPolicyOf(`-${fn}`)));
    }
  });

  it("writes config items holding the construct's operations.json entries and state machine ARNs", () => {
    const start = Object.values(construct.resource.aws_lambda_function as Json).find((fn) => String(fn.function_name).endsWith("-start"));
    const arnPrefix = constructStandIn(start.environment.variables.STATE_MACHINE_ARN_PREFIX);
    for (const name of names) {
      const item = JSON.parse(evaluation.argument("aws_dynamodb_table_item", "operation", "item", name) as string);
      const { stateMachineArn, ...entry } = Object.fromEntries(Object.entries(JSON.parse(item.config.S)).filter(([, value]) => value !== null));
      expect(item.pk.S).toBe(operationConfigKey(name));
      expect(stateMachineArn).toBe(`${arnPrefix}${name}`);
      expect(entry).toStrictEqual(bridge.operationsFile[name]);
    }
  });

  it("gives every other resource the construct's arguments: table, functions, state machines, log groups, roles, Connect wiring, secret", () => {
    // What differs by design: the zip (operations.json vs none) and how the handlers find the operations.
    // (Definitions and policies have their own tests above; the EXPRESS precondition is the module's own.)
    const byDesign = new Set(["filename", "source_code_hash", "depends_on", "for_each", "OPERATIONS_FILE", "OPERATIONS_SOURCE", "definition", "policy", "lifecycle"]);
    const normalize = (value: unknown): unknown => {
      if (typeof value === "string") return constructStandIn(value);
      if (Array.isArray(value)) return value.map(normalize);
      if (typeof value !== "object" || value === null) return value;
      const entries = Object.entries(value)
        .filter(([key, item]) => !byDesign.has(key) && item !== null && item !== undefined && !(key === "tags" && Object.keys(item as object).length === 0))
        .map(([key, item]) => [key, normalize(item)]);
      return Object.fromEntries(entries.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
    };
    const withInstance = new ModuleEvaluation(moduleJson, values, false, { "aws_connect_instance.arn": INSTANCE_ARN });
    const skip = new Set(["aws_dynamodb_table_item"]);
    for (const type of Object.keys(construct.resource as Json).filter((candidate) => !skip.has(candidate))) {
      const fromModule = Object.keys(moduleJson.resource[type] as Json).flatMap((name) =>
        withInstance.instances(type, name).map((key) =>
          normalize(Object.fromEntries(Object.keys(moduleJson.resource[type][name]).filter((argument) => !byDesign.has(argument)).map((argument) => [argument, withInstance.argument(type, name, argument, key || undefined)]))),
        ),
      );
      const fromConstruct = Object.values(construct.resource[type] as Json).map(normalize);
      const sorted = (list: unknown[]) => list.map((item) => JSON.stringify(item)).sort();
      expect({ type, arguments: sorted(fromModule) }).toStrictEqual({ type, arguments: sorted(fromConstruct) });
    }
  });

  it("creates the construct's resources, plus one config item per operation", () => {
    const count = (json: Json, instances: (type: string, name: string) => number) =>
      Object.fromEntries(Object.entries(json.resource as Json).map(([type, blocks]) => [type, Object.keys(blocks as Json).reduce((sum, name) => sum + instances(type, name), 0)]));
    expect(count(moduleJson, (type, name) => evaluation.instances(type, name).length)).toStrictEqual({ ...count(construct, () => 1), aws_dynamodb_table_item: names.length });
  });

  (hasTerraform ? it : it.skip)("is evaluated the same by terraform console (a check of the evaluator itself)", () => {
    const probes: { [name: string]: string } = {};
    for (const name of names) {
      for (const [type, argument] of [["aws_sfn_state_machine", "definition"], ["aws_iam_role_policy", "policy"], ["aws_dynamodb_table_item", "item"]]) {
        probes[`${type}.${argument}.${name}`] = consoleProbe(moduleJson.resource[type].operation[argument], name);
      }
    }
    const evaluated = terraformConsole(values, probes);
    for (const probe of Object.keys(probes)) {
      const [type, argument, name] = probe.split(".");
      expect(JSON.parse(evaluated[probe])).toStrictEqual(JSON.parse(evaluation.argument(type, "operation", argument, name) as string));
    }
  });
});

describe("the operations variable's validation, against the construct's", () => {
  const valid = { target: lambdaArn("balance") };
  const bad: ReadonlyArray<{ title: string; entry: Json; props: Partial<OperationProps>; message: RegExp; constructProblem: RegExp }> = [
    { title: "a bad target ARN", entry: { target: "balance" }, props: { target: "balance" }, message: /Lambda function ARN/, constructProblem: /not a Lambda function ARN/ },
    { title: "a timeout below the minimum", entry: { ...valid, timeout_seconds: 6 }, props: { timeoutSeconds: 6 }, message: /timeout_seconds must be a whole number/, constructProblem: /timeoutSeconds must be an integer of at least 7/ },
    { title: "a cache key without a TTL", entry: { ...valid, cache_key: ["id"], inputs: ["id"] }, props: { cacheKey: ["id"], inputs: ["id"] }, message: /cache_ttl_seconds is 0/, constructProblem: /cacheTtlSeconds is 0/ },
    { title: "a cache key outside the inputs", entry: { ...valid, cache_key: ["id"], inputs: ["pin"], cache_ttl_seconds: 60 }, props: { cacheKey: ["id"], inputs: ["pin"], cacheTtlSeconds: 60 }, message: /one of the operation's inputs/, constructProblem: /not one of its declared inputs/ },
    { title: "a reserved input", entry: { ...valid, inputs: ["asyncThing"] }, props: { inputs: ["asyncThing"] }, message: /reserve/, constructProblem: /reserved/ },
    { title: "a fast path over 5 s", entry: { ...valid, fast_path_ms: 6000 }, props: { fastPathMs: 6000 }, message: /fast_path_ms must be/, constructProblem: /fastPathMs must be an integer from 0 to 5000/ },
    { title: "a long poll over 2 s", entry: { ...valid, poll_wait_ms: 2500 }, props: { pollWaitMs: 2500 }, message: /poll_wait_ms must be/, constructProblem: /pollWaitMs must be/ },
    { title: "an unknown response type", entry: { ...valid, response_type: "XML" }, props: { responseType: "XML" as never }, message: /response_type must be/, constructProblem: /responseType must be/ },
    {
      title: "a sequence whose retries do not fit",
      entry: { targets: [lambdaArn("a"), lambdaArn("b"), lambdaArn("c")], mode: "sequence", timeout_seconds: 10 },
      props: { target: { sequence: [lambdaArn("a"), lambdaArn("b"), lambdaArn("c")] }, timeoutSeconds: 10 },
      message: /retry policy/,
      constructProblem: /retry policy can wait up to 9 s over 3 targets/,
    },
    { title: "an empty cache key", entry: { ...valid, cache_key: [], cache_ttl_seconds: 60 }, props: { cacheKey: [], cacheTtlSeconds: 60 }, message: /cache_key must name at least one input/, constructProblem: /cacheKey: name at least one input attribute/ },
    { title: "a repeated cache key name", entry: { ...valid, cache_key: ["id", "id"], cache_ttl_seconds: 60 }, props: { cacheKey: ["id", "id"], cacheTtlSeconds: 60 }, message: /cache_key must name each input once/, constructProblem: /cacheKey names "id" more than once/ },
    { title: "an empty cache key name", entry: { ...valid, cache_key: ["id", ""], cache_ttl_seconds: 60 }, props: { cacheKey: ["id", ""], cacheTtlSeconds: 60 }, message: /"" is not a name/, constructProblem: /cacheKey: "" is not an attribute name/ },
    { title: "a cache TTL beyond a year", entry: { ...valid, cache_ttl_seconds: 1e20 }, props: { cacheTtlSeconds: 1e20 }, message: /cache_ttl_seconds must be a whole number of seconds from 0 \(per contact only\) to 31536000/, constructProblem: /cacheTtlSeconds must be an integer from 0 \(per contact only\) to 31536000/ },
    { title: "a cache-key target input without a cache key", entry: { ...valid, target_input: "cache-key" }, props: { targetInput: "cache-key" }, message: /"cache-key" needs cache_key/, constructProblem: /targetInput "cache-key" needs a cacheKey/ },
    { title: "an unknown target input", entry: { ...valid, target_input: "everything" }, props: { targetInput: "everything" as never }, message: /target_input must be "cache-key"/, constructProblem: /targetInput must be "cache-key" or "contact-event"/ },
    { title: "eleven targets", entry: { targets: [...TEN_TARGETS, lambdaArn("x")], mode: "parallel" }, props: { target: { parallel: [...TEN_TARGETS, lambdaArn("x")] } }, message: /from 1 to 10 Lambda ARNs/, constructProblem: /at most 10 Lambda ARNs/ },
    { title: "targets without a mode", entry: { targets: [lambdaArn("a")] }, props: {}, message: /need mode = "parallel" or "sequence"/, constructProblem: /^$/ },
    { title: "both target and targets", entry: { ...valid, targets: [lambdaArn("a")], mode: "parallel" }, props: {}, message: /either target .* or targets/, constructProblem: /^$/ },
  ];

  it.each(bad)("refuses $title with a message naming the attribute, where the construct refuses it too", ({ entry, props, message, constructProblem }) => {
    const evaluation = new ModuleEvaluation(moduleJson, { operations: { balance: entry, fine: valid }, connect_instance_id: INSTANCE_ID });
    // Named as the construct names it: the operation at fault, and only that one.
    expect(evaluation.validationErrors).toContainEqual(expect.stringMatching(new RegExp(`^Operation "balance": .*${message.source}`)));
    if (Object.keys(props).length > 0) {
      const problems = validateOperations([{ name: "balance", target: lambdaArn("balance"), ...props } as OperationProps], { workflowType: "EXPRESS" });
      expect(problems).toContainEqual(expect.stringMatching(constructProblem));
    }
  });

  it.each(["__proto__", "constructor", "toString"])("refuses the operation name %s, as the construct does", (name) => {
    // GIVEN a name that matches the pattern but is a member every JavaScript object inherits
    const evaluation = new ModuleEvaluation(moduleJson, { operations: { [name]: valid, fine: valid }, connect_instance_id: INSTANCE_ID });
    // THEN the module and the construct both refuse it, naming it
    expect(evaluation.validationErrors).toContainEqual(expect.stringMatching(new RegExp(`^Operation "${name}": the name \\(map key\\) is a property every JavaScript object has`)));
    expect(validateOperations([{ name, target: lambdaArn("balance") }], { workflowType: "EXPRESS" })).toContainEqual(expect.stringMatching(/name is a property every JavaScript object has/));
  });

  it("refuses a bad operation name and an empty map", () => {
    expect(new ModuleEvaluation(moduleJson, { operations: { "has space": valid }, connect_instance_id: INSTANCE_ID }).validationErrors).toContainEqual(expect.stringMatching(/^Operation "has space": the name \(map key\) must match/));
    expect(new ModuleEvaluation(moduleJson, { operations: {}, connect_instance_id: INSTANCE_ID }).validationErrors).toContainEqual(expect.stringMatching(/^Declare at least one operation/));
  });

  it("refuses an EXPRESS operation over 300 s in the state machine's precondition, and accepts it on STANDARD", () => {
    const operationsMap = { operations: { slow: { ...valid, timeout_seconds: 600 } }, connect_instance_id: INSTANCE_ID };
    expect(new ModuleEvaluation(moduleJson, operationsMap).preconditionErrors("aws_sfn_state_machine", "operation", "slow")).toStrictEqual([expect.stringMatching(/^Operation "slow": timeout_seconds 600 exceeds the 300 s limit of EXPRESS.*workflow_type = "STANDARD"/)]);
    expect(new ModuleEvaluation(moduleJson, { ...operationsMap, workflow_type: "STANDARD" }).preconditionErrors("aws_sfn_state_machine", "operation", "slow")).toStrictEqual([]);
    expect(validateOperations([{ name: "slow", target: valid.target, timeoutSeconds: 600 }], { workflowType: "EXPRESS" })).toContainEqual(expect.stringMatching(/exceeds the 300 s limit of EXPRESS/));
  });

  (hasTerraform ? it : it.skip)("is reported by Terraform itself with the same message", () => {
    expect(() => terraformConsole({ operations: { balance: { ...valid, fast_path_ms: 6000 } }, connect_instance_id: INSTANCE_ID }, { count: "length(var.operations)" })).toThrow(/Operation "balance": fast_path_ms must be a whole number from 0 to 5000/);
  });

  (hasTerraform ? it.each : it.skip.each)([
    ["an Object.prototype name", { constructor: valid }, /Operation "constructor": the name \(map key\) is a property every JavaScript object has/],
    ["a repeated cache key name", { balance: { ...valid, cache_key: ["id", "id"], cache_ttl_seconds: 60 } }, /Operation "balance": cache_key must name each input once/],
    ["a cache TTL of 1e20 s", { balance: { ...valid, cache_ttl_seconds: 1e20 } }, /Operation "balance": cache_ttl_seconds must be a whole number of seconds from 0/],
  ] as Array<[string, Json, RegExp]>)("reports %s through Terraform itself, as the handlers would refuse it", (_, operations, message) => {
    let reported = "";
    try {
      terraformConsole({ operations, connect_instance_id: INSTANCE_ID }, { count: "length(var.operations)" });
    } catch (error) {
      // Terraform wraps its diagnostics in a box, in colour: read them as one line of text.
      reported = String((error as Error).message).replace(/\x1b\[[0-9;]*m/g, "").replace(/[│╷╵]/g, " ").replace(/\s+/g, " ");
    }
    expect(reported).toMatch(message);
  });
});

describe("the long poll's own bounded share", () => {
  const base = { operations: { balance: { target: lambdaArn("balance") } }, connect_instance_id: INSTANCE_ID };
  const longPollName = Object.entries(moduleJson.resource.aws_lambda_function as Json).find(([, fn]) => String(fn.function_name).endsWith("-long-poll"))?.[0] ?? "";
  const argument = (values: Json, name: string) => new ModuleEvaluation(moduleJson, values).argument("aws_lambda_function", longPollName, name);

  it("is a function of its own, synthesized as configured: the reserve and the memory from the variables", () => {
    expect(longPollName).not.toBe("");
    expect(argument({ ...base, long_poll_reserved_concurrency: 240, long_poll_memory_size: 256 }, "reserved_concurrent_executions")).toBe(240);
    expect(argument({ ...base, long_poll_reserved_concurrency: 240, long_poll_memory_size: 256 }, "memory_size")).toBe(256);
    expect(argument({ ...base, name_prefix: "billing" }, "function_name")).toBe("billing-long-poll");
  });

  it("defaults to the construct's share: 100 reserved, 128 MB", () => {
    const construct = JSON.parse(Testing.synthScope((stack) => new ConnectAsyncBridge(stack, "bridge", { connectInstance: { instanceId: INSTANCE_ID, instanceArn: INSTANCE_ARN }, operations: [{ name: "balance", target: lambdaArn("balance") }], handlersDir }))) as Json;
    const fromConstruct = Object.values(construct.resource.aws_lambda_function as Json).find((fn) => String(fn.function_name).endsWith("-long-poll"));
    expect(argument(base, "reserved_concurrent_executions")).toBe(fromConstruct.reserved_concurrent_executions);
    expect(argument(base, "memory_size")).toBe(fromConstruct.memory_size);
  });

  it.each([
    { title: "a reserve of 0", values: { long_poll_reserved_concurrency: 0 }, message: /^long_poll_reserved_concurrency must be a whole number of at least 1/ },
    { title: "a fractional reserve", values: { long_poll_reserved_concurrency: 2.5 }, message: /^long_poll_reserved_concurrency must be a whole number/ },
    { title: "64 MB", values: { long_poll_memory_size: 64 }, message: /^long_poll_memory_size must be a whole number of MB from 128 to 10240/ },
    { title: "an account below 100", values: { account_concurrency: 50 }, message: /^account_concurrency must be the account's Lambda concurrency quota/ },
  ])("refuses $title with a message naming the variable", ({ values, message }) => {
    expect(new ModuleEvaluation(moduleJson, { ...base, ...values }).validationErrors).toContainEqual(expect.stringMatching(message));
  });

  it("fails the plan when the reserve would leave fewer than the 100 unreserved executions AWS keeps, and passes when it leaves enough", () => {
    const precondition = (values: Json) => new ModuleEvaluation(moduleJson, { ...base, ...values }).preconditionErrors("aws_lambda_function", longPollName);
    expect(precondition({ account_concurrency: 150, long_poll_reserved_concurrency: 100 })).toStrictEqual([expect.stringMatching(/^long_poll_reserved_concurrency 100 would leave fewer than the 100 unreserved executions AWS keeps of the account's 150/)]);
    expect(precondition({ account_concurrency: 1000, long_poll_reserved_concurrency: 900 })).toStrictEqual([]);
    expect(precondition({})).toStrictEqual([]);
  });
});

describe("the example", () => {
  it("passes validation and gives a state machine per operation and every output a flow needs", () => {
    const outputs = exampleOutputs(moduleJson);
    expect(Object.keys(outputs.state_machine_arns)).toStrictEqual(Object.keys(EXAMPLE_TFVARS.operations).sort());
    expect(outputs).toMatchObject({ start_function_arn: "<aws_lambda_function.arn>", poll_function_arn: "<aws_lambda_function.arn>", status_table_name: `${EXAMPLE_TFVARS.name_prefix}-status` });
    expect(Object.keys(outputs.lambda_association_ids).sort()).toStrictEqual(["long_poll", "poll", "start"]);
  });
});

describe("the prebuilt module in terraform/connect-async", () => {
  it("is what npm run build:generic-module writes now (rerun it after changing the generator or the handlers)", () => {
    const current = renderGenericModule();
    const stale = [...current].filter(([file, content]) => {
      const committed = path.join(PREBUILT_MODULE_DIR, file);
      return !fs.existsSync(committed) || !Buffer.from(fs.readFileSync(committed)).equals(Buffer.from(content));
    });
    expect(stale.map(([file]) => file)).toStrictEqual([]);
  });

  it("is what `connect-async export --generic` writes", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-export-generic-"));
    try {
      execFileSync(process.execPath, [path.resolve(__dirname, "..", "..", "bin", "connect-async.js"), "export", "--generic", "--out", out], { stdio: "pipe" });
      for (const [file, content] of renderGenericModule()) expect(Buffer.from(fs.readFileSync(path.join(out, file))).equals(Buffer.from(content))).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
