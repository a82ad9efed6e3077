/**
 * connect-async as a user gets it (`npm run test:package`, run by CI after `npm test`): the packed tarball
 * installed into a project scaffolded by `connect-async init` in a temporary folder (the registry, or
 * npm's cache, supplies the other packages), then
 *   1. the scaffold's own scripts: synth, test and typecheck pass with no edits;
 *   2. a user's stack outside this repository (the billing app of __tests__/cli/fixtures: two operations
 *      with their own names, a split-form flow, importing "connect-async") on which the installed command
 *      line runs build-flows, diagram, simulate and export;
 *   3. the package entry: typed, and it loads the AWS provider by deep imports only.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const REPOSITORY = path.resolve(__dirname, "..", "..");
const BILLING_APP = path.join(REPOSITORY, "__tests__", "cli", "fixtures", "billing-app");
const MINUTES = 60_000;
jest.setTimeout(15 * MINUTES);

let workDir: string;
let appDir: string;

/** Runs a command in the scaffold; fails the test with its output when it exits non-zero. */
function run(command: string, args: ReadonlyArray<string>, cwd = appDir): SpawnSyncReturns<string> {
  const result = spawnSync(command, [...args], { cwd, encoding: "utf8", timeout: 10 * MINUTES, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), "connect-async-package-"));
  // The tarball exactly as `npm publish` would build it (prepack builds the handler bundles and dist/lib).
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", workDir], { cwd: REPOSITORY, encoding: "utf8", timeout: 10 * MINUTES }).trim().split("\n").pop()!;
  const tarball = path.join(workDir, packed);
  // init comes from this checkout: the same version the tarball holds.
  appDir = path.join(workDir, "contact-centre");
  run(process.execPath, [path.join(REPOSITORY, "bin", "connect-async.js"), "init", appDir], workDir);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball]);
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

  it("build-flows writes the user's flow", () => {
    connectAsync("build-flows", "--project", "billing", "--out", "billing-flows");
    expect(readdirSync(path.join(appDir, "billing-flows")).sort()).toEqual(["Billing.json", "Billing.mmd"]);
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
