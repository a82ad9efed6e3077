/**
 * connect-async as a CDKTF user gets it (`npm run test:package`, run by CI after `npm test`, on Node 20 and
 * on Node 22): the packed tarball installed into a project scaffolded by `connect-async init` in a
 * temporary folder (the registry, or npm's cache, supplies the other packages), then
 *   1. the scaffold's own scripts: synth, test, typecheck, simulate and diagram pass with no edits, and
 *      its test type-checks (a misspelt option fails it);
 *   2. a user's stack outside this repository (the billing app of __tests__/cli/fixtures: two operations
 *      with their own names, a split-form flow, importing "connect-async") on which the installed command
 *      line runs build-flows (quietly, on Node 22 too), diagram, simulate and export;
 *   3. the package entry: typed, and it loads the AWS provider by deep imports only.
 * The same for CDK Terrain is cdk-terrain.package-test.ts.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MINUTES, REPOSITORY, run as runIn, runExpectingFailure, scaffoldWithTarball } from "./support/packed-package";

const BILLING_APP = path.join(REPOSITORY, "__tests__", "cli", "fixtures", "billing-app");
jest.setTimeout(15 * MINUTES);

let workDir: string;
let appDir: string;

/** Runs a command in the scaffold; fails the test with its output when it exits non-zero. */
const run = (command: string, args: ReadonlyArray<string>, cwd = appDir) => runIn(command, args, cwd);

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), "connect-async-package-"));
  appDir = path.join(workDir, "contact-centre");
  scaffoldWithTarball(appDir, "cdktf");
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("a project scaffolded by init, with the packed tarball installed", () => {
  it("synthesizes with npm run synth, with no edits", () => {
    const result = run("npm", ["run", "--silent", "synth"]);
    expect(result.stdout).toMatch(/Terraform JSON for stack contact-centre: cdktf\.out\/stacks\/contact-centre\/cdk\.tf\.json \(\d+ resources/);
    const json = JSON.parse(readFileSync(path.join(appDir, "cdktf.out", "stacks", "contact-centre", "cdk.tf.json"), "utf8")) as { resource: { [type: string]: object } };
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(["aws_connect_contact_flow", "aws_dynamodb_table", "aws_lambda_function", "aws_sfn_state_machine"]));
    // The bundles shipped in the package are the functions' code: no handlersDir was needed.
    const assets = path.join(appDir, "cdktf.out", "stacks", "contact-centre", "assets");
    expect(readdirSync(assets, { recursive: true }).filter((file) => String(file).endsWith(".zip")).map((file) => path.basename(String(file))).sort()).toEqual(["poll.zip", "start.zip"]);
  });

  it("passes its own tests (CDKTF matchers and connect-async's validator) and type-checks against the package's .d.ts", () => {
    expect(run("npm", ["test", "--silent"]).stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    run("npm", ["run", "--silent", "typecheck"]);
  });

  it("has no CDK Terrain installed beside CDKTF (the engines are optional peers)", () => {
    expect(existsSync(path.join(appDir, "node_modules", "cdktn"))).toBe(false);
    expect(existsSync(path.join(appDir, "node_modules", "@cdktn"))).toBe(false);
  });

  it("fails its npm test on a misspelt option, which synthesizes but does not type-check (issue 17 B)", () => {
    // GIVEN the stack with `strategy` misspelt
    const file = path.join(appDir, "contact-centre-stack.ts");
    const source = readFileSync(file, "utf8");
    expect(source).toContain('strategy: "event"');
    writeFileSync(file, source.replace('strategy: "event"', 'strategi: "event"'));
    try {
      // WHEN its tests run, THEN they fail, naming the option
      const result = runExpectingFailure("npm", ["test", "--silent"], appDir);
      expect(result.status).not.toBe(0);
      expect(`${result.stdout}${result.stderr}`).toMatch(/'strategi' does not exist in type/);
    } finally {
      writeFileSync(file, source);
    }
  });

  it("simulates every flow with a per-flow summary, and draws them, with its npm scripts (issue 17 B)", () => {
    expect(run("npm", ["run", "--silent", "simulate"]).stdout).toMatch(/Summary: scenario slow-backend, 1 flow\n.*\n {2}contact-centre-lookup +success /);
    expect(run("npm", ["run", "--silent", "diagram"]).stdout).toMatch(/^flowchart TD\n/m);
  });
});

describe("a user's stack outside this repository, on the installed command line", () => {
  const billingDir = () => path.join(appDir, "billing");
  beforeAll(() => {
    // GIVEN the billing app, importing the installed package instead of this repository's sources
    mkdirSync(billingDir());
    cpSync(path.join(BILLING_APP, "cdktf.json"), path.join(billingDir(), "cdktf.json"));
    const source = readFileSync(path.join(BILLING_APP, "main.ts"), "utf8");
    expect(source).toContain('from "../../../../index"');
    writeFileSync(path.join(billingDir(), "main.ts"), source.replace('from "../../../../index"', 'from "connect-async"'));
  });
  const connectAsync = (...args: string[]) => run("npx", ["--no", "connect-async", ...args]);

  it("build-flows writes the user's flow, and on Node 22 shows no DEP0044 noise from archived CDKTF", () => {
    const result = connectAsync("build-flows", "--project", "billing", "--out", "billing-flows");
    expect(readdirSync(path.join(appDir, "billing-flows")).sort()).toEqual(["Billing.json", "Billing.mmd"]);
    // The billing app's own warning (a cache key without language) is expected; a deprecation is not.
    expect(result.stderr).not.toMatch(/DeprecationWarning|DEP0044/);
    for (const line of result.stderr.split("\n").filter((text) => text !== "")) expect(line).toMatch(/^warning: /);
  });

  it("diagram draws it", () => {
    expect(connectAsync("diagram", "billing-flows/Billing.json").stdout).toMatch(/^flowchart /);
  });

  it("simulate runs it with its operations and labels Lambdas by function name", () => {
    const result = connectAsync("simulate", "--flow", "billing-flows/Billing.json", "--scenario", "fast-backend");
    expect(result.stdout).toContain("payments-start");
    expect(result.stdout).not.toContain("${");
  });

  it("export writes it as a Terraform module with outputs", () => {
    connectAsync("export", "--project", "billing", "--out", "billing-module");
    const module = JSON.parse(readFileSync(path.join(appDir, "billing-module", "main.tf.json"), "utf8")) as { output: object; terraform: object };
    expect(Object.keys(module.output)).toEqual(expect.arrayContaining(["start_function_arn", "poll_function_arn", "status_table_name", "status_table_arn", "state_machine_arns", "contact_flow_arns"]));
    expect(module.terraform).toHaveProperty("required_version");
    expect(existsSync(path.join(appDir, "billing-module", "assets", "start.zip"))).toBe(true);
  });
});

describe("the package entry", () => {
  it("exports the constructs and the builder, and loads the AWS provider by deep imports only", () => {
    const probe = [
      'const m = require("connect-async");',
      'const names = ["ConnectAsyncBridge", "ContactFlow", "Flow", "asyncInvoke", "asyncStart", "asyncAwait", "MessageParticipant", "validateFlow", "renderMermaid"];',
      "const missing = names.filter((name) => typeof m[name] !== 'function');",
      'const index = Object.keys(require.cache).filter((file) => /@cdktf[\\\\/]provider-aws[\\\\/]lib[\\\\/]index\\.js$/.test(file));',
      "console.log(JSON.stringify({ missing, index }));",
    ].join("\n");
    const result = run(process.execPath, ["-e", probe]);
    expect(JSON.parse(result.stdout)).toEqual({ missing: [], index: [] });
  });

  it("lets the flow builder be imported alone, without CDKTF", () => {
    const probe = 'require("connect-async/flows"); console.log(JSON.stringify(Object.keys(require.cache).some((file) => /[\\\\/]node_modules[\\\\/]cdktf[\\\\/]/.test(file))));';
    expect(run(process.execPath, ["-e", probe]).stdout.trim()).toBe("false");
  });
});
