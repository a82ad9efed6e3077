/**
 * The generic Terraform module against the construct. Nothing here can download the AWS provider, so:
 * - structure: required_version, a bounded aws requirement, no provider or backend, the variables and
 *   outputs the issue lists;
 * - every `${…}` parses with HashiCorp's HCL parser (@cdktf/hcl2json) and every reference names a
 *   declared variable, local, resource or data source;
 * - for several operations maps, the module's locals and per-operation arguments are evaluated by
 *   Terraform itself (`terraform console`, which needs no provider for locals), resource references
 *   standing in as `<type.attribute>`, and compared with what ConnectAsyncBridge synthesizes for the same
 *   operations: state machine definitions, IAM statements, resource counts (skipped without terraform);
 * - the committed prebuilt module equals what the generator writes now.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { getExpressionAst, getReferencesInExpression } from "@cdktf/hcl2json";
import { Testing } from "cdktf";
import { operationConfigKey } from "../../handlers/lib/table-operations-source";
import { ConnectAsyncBridge } from "../../infra/connect-async-bridge";
import { GenericModuleOutput, GenericModuleVariable } from "../../infra/generic-module/generic-bridge";
import { EXAMPLE_TFVARS } from "../../infra/generic-module/module-example";
import { PREBUILT_MODULE_DIR, renderGenericModule } from "../../infra/generic-module/write-generic-module";
import type { OperationProps, WorkflowType } from "../../infra/operation";
import { writeFixtureBundles } from "../infra/support/synthesized-stack";

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
    expect(referenced.sort()).toStrictEqual(["${path.module}/assets/poll.zip", "${path.module}/assets/start.zip"]);
    expect(files.has("assets/start.zip") && files.has("assets/poll.zip")).toBe(true);
    expect(Object.keys(JSON.parse(files.get("examples/basic/terraform.tfvars.json") as string).operations)).toHaveLength(2);
    expect(files.get("README.md")).toMatch(/## Inputs\n\n\| Name \| Description \| Type \| Default \| Required \|/);
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
});

// ---- evaluation by Terraform, compared with the construct --------------------------------------

const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const lambdaArn = (name: string) => `arn:aws:lambda:eu-west-2:123456789012:function:${name}`;

/** A resource or data reference as a literal `<type.attribute>`, so both sides read the same. */
function standIn(text: string): string {
  return text
    .replace(/\bdata\.(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z_]+)/g, '"<data.$1.$2>"')
    .replace(/\b(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+(\[[^\]]+\])?\.([a-z_]+)\b/g, '"<$1.$3>"');
}

/** The construct's JSON string with its references as `<type.attribute>`. */
function constructStandIn(text: string): string {
  return text
    .replace(/\$\{data\.(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z_]+)\}/g, "<data.$1.$2>")
    .replace(/\$\{(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z_]+)\}/g, "<$1.$2>");
}

/** Evaluates `probes` (HCL expressions by name) against the module's variables and locals for `tfvars`. */
function evaluate(tfvars: Json, probes: { [name: string]: string }): Json {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-generic-eval-"));
  try {
    const variables = Object.fromEntries(Object.entries(moduleJson.variable as Json).map(([name, block]) => [name, { ...block, description: undefined }]));
    const locals = Object.fromEntries(Object.entries(moduleJson.locals as Json).map(([name, value]) => [name, standIn(String(value))]));
    for (const [name, probe] of Object.entries(probes)) locals[`probe_${name}`] = `\${${standIn(probe)}}`;
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ variable: variables, locals }));
    fs.writeFileSync(path.join(dir, "test.tfvars.json"), JSON.stringify(tfvars));
    const output = execFileSync("terraform", ["console", "-var-file=test.tfvars.json"], {
      cwd: dir,
      input: `jsonencode({ ${Object.keys(probes).map((name) => `"${name}" = local.probe_${name}`).join(", ")} })\n`,
      env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
    // Warnings (e.g. no CLI configuration file) come first; the value is the last line.
    const value = output.trim().split("\n").pop() ?? "";
    return JSON.parse(JSON.parse(value)) as Json;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A per-operation argument (`each.*`) as an expression for one operation. */
function forOperation(argument: string, name: string): string {
  const inner = interpolations(argument);
  const text = inner.length === 1 && argument === `\${${inner[0]}}` ? inner[0] : JSON.stringify(argument).replace(/\\"/g, '\\"');
  return text.replace(/\[for machine in aws_sfn_state_machine\.operation : machine\.arn\]/g, "[for name in keys(local.operations) : aws_sfn_state_machine.operation[name].arn]").replace(/\beach\.key\b/g, JSON.stringify(name)).replace(/\beach\.value\b/g, `local.operations[${JSON.stringify(name)}]`);
}

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
    title: "parallel targets with a cache key and a table key",
    workflowType: "EXPRESS",
    kms: "arn:aws:kms:eu-west-2:123456789012:key/11111111-2222-3333-4444-555555555555",
    operations: [{ name: "profile", target: { parallel: [lambdaArn("a"), lambdaArn("b"), lambdaArn("c")] }, timeoutSeconds: 20, cacheKey: ["id"], inputs: ["id"], cacheTtlSeconds: 60, fastPathMs: 0 }],
    tfvars: { profile: { targets: [lambdaArn("a"), lambdaArn("b"), lambdaArn("c")], mode: "parallel", timeout_seconds: 20, cache_key: ["id"], inputs: ["id"], cache_ttl_seconds: 60, fast_path_ms: 0 } },
  },
  {
    title: "a sequence on a STANDARD workflow beside a drop-in",
    workflowType: "STANDARD",
    operations: [
      { name: "checkout", target: { sequence: [lambdaArn("reserve"), lambdaArn("charge")] }, timeoutSeconds: 600, pollWaitMs: 1500, responseType: "JSON" },
      { name: "ping", target: lambdaArn("ping") },
    ],
    tfvars: { checkout: { targets: [lambdaArn("reserve"), lambdaArn("charge")], mode: "sequence", timeout_seconds: 600, poll_wait_ms: 1500, response_type: "JSON" }, ping: { target: lambdaArn("ping") } },
  },
];

(hasTerraform ? describe : describe.skip).each(cases)("for $title, evaluated by terraform console", ({ workflowType, kms, operations, tfvars }) => {
  let construct: Json;
  let bridge: ConnectAsyncBridge;
  let evaluated: Json;
  const names = operations.map((operation) => operation.name);
  const perOperation = (type: string, argument: string) => Object.fromEntries(names.map((name) => [`${type}_${argument}_${name}`.replace(/-/g, "_"), forOperation(moduleJson.resource[type].operation[argument], name)]));
  beforeAll(() => {
    construct = JSON.parse(
      Testing.synthScope((stack) => (bridge = new ConnectAsyncBridge(stack, "bridge", { connectInstance: { instanceId: INSTANCE_ID, instanceArn: `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}` }, operations, workflowType, kmsKeyArn: kms, handlersDir }))),
    ) as Json;
    const probes = {
      ...perOperation("aws_sfn_state_machine", "definition"),
      ...perOperation("aws_iam_role_policy", "policy"),
      ...perOperation("aws_dynamodb_table_item", "item"),
      start_policy: forOperation(Object.entries(moduleJson.resource.aws_iam_role_policy as Json).find(([name]) => name.includes("start"))?.[1].policy, ""),
      poll_policy: forOperation(Object.entries(moduleJson.resource.aws_iam_role_policy as Json).find(([name]) => name.includes("poll"))?.[1].policy, ""),
    };
    evaluated = evaluate({ operations: tfvars, connect_instance_id: INSTANCE_ID, workflow_type: workflowType, ...(kms ? { kms_key_arn: kms } : {}) }, probes);
  });

  const constructMachine = (name: string) => Object.values(construct.resource.aws_sfn_state_machine as Json).find((machine) => String(machine.name).endsWith(`-${name}`));
  const constructPolicyOf = (roleSuffix: string) => {
    const [roleId] = Object.entries(construct.resource.aws_iam_role as Json).find(([, role]) => String(role.name).endsWith(roleSuffix)) ?? [];
    const policy = Object.values(construct.resource.aws_iam_role_policy as Json).find((block) => block.role === `\${aws_iam_role.${roleId}.name}`);
    return JSON.parse(constructStandIn(policy.policy));
  };

  it("renders each state machine definition exactly as the construct does", () => {
    for (const name of names) {
      const expected = JSON.parse(constructStandIn(constructMachine(name).definition));
      expect(JSON.parse(evaluated[`aws_sfn_state_machine_definition_${name}`.replace(/-/g, "_")])).toStrictEqual(expected);
    }
  });

  it("gives each state machine role the construct's statements", () => {
    for (const name of names) expect(JSON.parse(evaluated[`aws_iam_role_policy_policy_${name}`.replace(/-/g, "_")])).toStrictEqual(constructPolicyOf(`-sm-${name}`));
  });

  it("gives start and poll the construct's statements", () => {
    const start = JSON.parse(evaluated.start_policy);
    const expected = constructPolicyOf("-start");
    expect(start).toStrictEqual(expected);
    expect(JSON.parse(evaluated.poll_policy)).toStrictEqual(constructPolicyOf("-poll"));
  });

  it("writes config items holding the construct's operations.json entries and state machine ARNs", () => {
    const start = Object.values(construct.resource.aws_lambda_function as Json).find((fn) => String(fn.function_name).endsWith("-start"));
    const arnPrefix = constructStandIn(start.environment.variables.STATE_MACHINE_ARN_PREFIX);
    for (const name of names) {
      const item = JSON.parse(evaluated[`aws_dynamodb_table_item_item_${name}`.replace(/-/g, "_")]);
      const { stateMachineArn, ...entry } = Object.fromEntries(Object.entries(JSON.parse(item.config.S)).filter(([, value]) => value !== null));
      expect(item.pk.S).toBe(operationConfigKey(name));
      expect(stateMachineArn).toBe(`${arnPrefix}${name}`);
      expect(entry).toStrictEqual(bridge.operationsFile[name]);
    }
  });

  it("creates the construct's resources, plus one config item per operation", () => {
    const count = (json: Json) => Object.fromEntries(Object.entries(json.resource as Json).map(([type, blocks]) => [type, Object.values(blocks as Json).reduce((sum: number, block: Json) => sum + (block.for_each ? names.length : 1), 0)]));
    expect(count(moduleJson)).toStrictEqual({ ...count(construct), aws_dynamodb_table_item: names.length });
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
});

/** The example's tfvars, for the closing note (printed by scripts, asserted here to stay two operations). */
export const EXAMPLE = EXAMPLE_TFVARS;
