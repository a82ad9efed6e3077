/**
 * The commands that work on the user's project read it from its synthesized Terraform JSON. The project
 * here is a user's app (fixtures/billing-app: two operations with their own names, a split-form flow),
 * synthesized through its own cdktf.json `app`, in a child process as the commands do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runBuildFlows } from "../../bin/commands/build-flows";
import { runExport } from "../../bin/commands/export";
import { DEFAULT_LONG_POLL_RESERVED_CONCURRENCY } from "../../infra/connect-async-bridge";
import { loadProject, loadSimulationInput, ProjectError, type LoadedProject, type StackModel } from "../../bin/project";
import type { FlowJson } from "../../flows/flow-json";
import { validateFlow } from "../../flows/validate";

const BILLING_APP = path.join(__dirname, "fixtures", "billing-app");
const TOOL_ARN = (name: string) => `arn:aws:lambda:eu-west-2:000000000000:function:${name}`;

function lambdaArnsOf(flow: FlowJson): string[] {
  return [...new Set(flow.Actions.flatMap((action) => (typeof action.Parameters.LambdaFunctionARN === "string" ? [action.Parameters.LambdaFunctionARN] : [])))].sort();
}

describe("a user's project, read from its synthesized stack", () => {
  let project: LoadedProject;
  let stack: StackModel;
  beforeAll(() => {
    // GIVEN the billing app, WHEN it is loaded (its cdktf.json app runs in a child process)
    project = loadProject({ projectDir: BILLING_APP });
    stack = project.stacks[0]!;
  });
  afterAll(() => project.dispose());

  it("finds the app's one stack and its one bridge, start and poll told apart", () => {
    expect(project.stacks.map((candidate) => candidate.name)).toEqual(["billing"]);
    expect(stack.bridges).toHaveLength(1);
    const [bridge] = stack.bridges;
    expect(bridge!.id).toBe("billing/payments");
    expect([bridge!.start.functionName, bridge!.start.role]).toEqual(["payments-start", "start"]);
    expect([bridge!.poll.functionName, bridge!.poll.role]).toEqual(["payments-poll", "poll"]);
    // the long poll runs poll's handler under its own name (the account's concurrency is counted by name)
    expect([bridge!.longPoll?.functionName, bridge!.longPoll?.role]).toEqual(["payments-long-poll", "poll"]);
    expect(bridge!.tableAddress).toMatch(/^aws_dynamodb_table\./);
  });

  it("reads each operation's settings as the stack deployed them, with its state machine and target", () => {
    const { operations } = stack.bridges[0]!;
    expect(Object.keys(operations)).toEqual(["balance", "card-status"]);
    expect(operations.balance).toMatchObject({ timeoutSeconds: 90, cacheTtlSeconds: 300, cacheKey: ["accountId"], targets: ["arn:aws:lambda:eu-west-2:123456789012:function:legacy-balance"] });
    expect(operations["card-status"]).toMatchObject({ timeoutSeconds: 60, cacheTtlSeconds: 0, fastPathMs: 0, targets: ["arn:aws:lambda:eu-west-2:123456789012:function:card-status"] });
    expect(operations.balance!.stateMachine?.name).toBe("payments-balance");
    expect(JSON.parse(operations.balance!.stateMachine!.definition).StartAt).toEqual(expect.any(String));
  });

  it("gives the flow concrete ARNs that name the functions, and keeps its builder block names", () => {
    expect(stack.flows.map((flow) => [flow.name, flow.fileStem, flow.type])).toEqual([["Billing enquiries", "Billing", "CONTACT_FLOW"]]);
    const [flow] = stack.flows;
    expect(lambdaArnsOf(flow!.flow)).toEqual([TOOL_ARN("payments-poll"), TOOL_ARN("payments-start")]);
    expect(JSON.stringify(flow!.flow)).not.toContain("${");
    expect([...flow!.blockNames.values()]).toEqual(expect.arrayContaining(["balance: start", "Explain", "card-status: start"]));
    expect(validateFlow(flow!.flow).filter((issue) => issue.severity === "error")).toEqual([]);
  });
});

describe("what simulate gets from a user's project", () => {
  it("is the flow, every operation as OperationProps, and each Lambda's kind and function name", () => {
    // WHEN the simulation input is loaded without naming a flow (the project has one)
    const input = loadSimulationInput({ projectDir: BILLING_APP });
    // THEN
    expect([input.stackName, input.flowName]).toEqual(["billing", "Billing enquiries"]);
    expect(input.operations.balance).toEqual({
      name: "balance",
      target: "arn:aws:lambda:eu-west-2:123456789012:function:legacy-balance",
      timeoutSeconds: 90,
      cacheTtlSeconds: 300,
      cacheKey: ["accountId"],
      fastPathMs: 500,
      pollWaitMs: 0,
      responseType: "STRING_MAP",
    });
    expect(Object.keys(input.operations)).toEqual(["balance", "card-status"]);
    expect(input.functions[TOOL_ARN("payments-start")]).toEqual({ kind: "start", functionName: "payments-start" });
    expect(input.functions[TOOL_ARN("payments-poll")]).toEqual({ kind: "poll", functionName: "payments-poll" });
    // The project leaves the long poll's reserve at the construct's default: the simulation keeps it.
    expect(input.functions[TOOL_ARN("payments-long-poll")]).toEqual({ kind: "poll", functionName: "payments-long-poll", reservedConcurrency: DEFAULT_LONG_POLL_RESERVED_CONCURRENCY });
  });

  it("refuses a flow the project does not have, listing the ones it has", () => {
    expect(() => loadSimulationInput({ projectDir: BILLING_APP, flow: "Sales" })).toThrow(new ProjectError('the project has no flow "Sales" (flows: "Billing enquiries")'));
  });
});

describe("build-flows and export on a user's project", () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-user-project-"));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("build-flows writes the user's flow, not the demo's, as JSON and Mermaid", async () => {
    const outDir = path.join(workDir, "flows-out");
    const result = await runBuildFlows({ outDir, projectDir: BILLING_APP });
    expect(result.exitCode).toBe(0);
    expect(result.flows.map((flow) => flow.name)).toEqual(["Billing"]);
    expect(result.synthWarnings).toEqual([expect.stringMatching(/^warning: billing\/billing-flow: \[balance: start\] operation "balance" caches on accountId but also declares language/)]);
    const written = JSON.parse(readFileSync(path.join(outDir, "Billing.json"), "utf8")) as FlowJson;
    expect(lambdaArnsOf(written)).toEqual([TOOL_ARN("payments-poll"), TOOL_ARN("payments-start")]);
    expect(readFileSync(path.join(outDir, "Billing.mmd"), "utf8")).toMatch(/^flowchart/);
  });

  it("export writes the user's stack with outputs for its functions, table, state machines and flow, and a required_version", async () => {
    const result = await runExport({ out: path.join(workDir, "module"), projectDir: BILLING_APP });
    const module = JSON.parse(readFileSync(path.join(result.outDir, "main.tf.json"), "utf8")) as {
      terraform: { required_version?: string };
      output: { [name: string]: { value: unknown } };
      resource: { [type: string]: { [name: string]: unknown } };
    };
    expect(result.stackName).toBe("billing");
    expect(module.terraform.required_version).toMatch(/^>= 1\./);
    const reference = (type: string) => new RegExp(`^\\$\\{${type}\\.[^.]+\\.(arn|name|contact_flow_id)\\}$`);
    expect(module.output.start_function_arn!.value).toMatch(reference("aws_lambda_function"));
    expect(module.output.poll_function_arn!.value).toMatch(reference("aws_lambda_function"));
    expect(module.output.long_poll_function_arn!.value).toMatch(reference("aws_lambda_function"));
    expect(module.output.long_poll_function_arn!.value).not.toBe(module.output.poll_function_arn!.value);
    expect(module.output.status_table_name!.value).toMatch(reference("aws_dynamodb_table"));
    expect(module.output.status_table_arn!.value).toMatch(reference("aws_dynamodb_table"));
    expect(Object.keys(module.output.state_machine_arns!.value as object)).toEqual(["balance", "card-status"]);
    expect((module.output.contact_flow_ids!.value as { Billing: string }).Billing).toMatch(reference("aws_connect_contact_flow"));
    // Every output refers to a resource the module declares.
    for (const [name, output] of Object.entries(module.output)) {
      for (const [, type, resource] of JSON.stringify(output.value).matchAll(/\$\{([a-z_]+)\.([^.}]+)\./g)) {
        expect([name, module.resource[type!]?.[resource!] !== undefined]).toEqual([name, true]);
      }
    }
  });

  it("export refuses a project folder that does not exist, instead of exporting the demo", async () => {
    const missing = path.join(workDir, "no-such-project");
    await expect(runExport({ out: path.join(workDir, "module"), projectDir: missing })).rejects.toThrow(ProjectError);
    await expect(runExport({ out: path.join(workDir, "module"), projectDir: missing })).rejects.toThrow(/does not exist; pass the folder of your CDKTF app/);
  });

  it("export refuses a folder without cdktf.json and says how to get one", async () => {
    await expect(runExport({ out: path.join(workDir, "module"), projectDir: workDir })).rejects.toThrow(/has no cdktf\.json; run this in your CDKTF app's folder, pass it with --project, or scaffold one with `connect-async init`/);
  });
});

describe("an app that fails to synthesize", () => {
  it("is reported with the app's message alone, without a stack trace", () => {
    // GIVEN an app that throws the way a construct's validation does
    const dir = mkdtempSync(path.join(tmpdir(), "connect-async-failing-app-"));
    writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ app: "node main.js" }));
    writeFileSync(path.join(dir, "main.js"), 'throw new Error("ConnectAsyncBridge billing/payments: invalid props:\\n  - operation \\"balance\\": timeoutSeconds must be an integer");\n');
    try {
      // WHEN it is loaded THEN the error carries its message and no "at …" frames
      let caught: unknown;
      try {
        loadProject({ projectDir: dir });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ProjectError);
      const message = (caught as Error).message;
      expect(message).toContain('operation "balance": timeoutSeconds must be an integer');
      expect(message).not.toMatch(/^\s+at /m);
      expect(existsSync(path.join(dir, "cdktf.out"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
