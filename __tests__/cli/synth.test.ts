/**
 * `connect-async synth`: the app of cdktf.json run in-process, writing what `cdktf synth` writes, and a
 * failing app reported as one message.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const REPOSITORY = path.resolve(__dirname, "..", "..");
const BILLING_APP = path.join(__dirname, "fixtures", "billing-app");

function connectAsync(args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [path.join(REPOSITORY, "bin", "connect-async.js"), ...args], { encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe("connect-async synth", () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-synth-"));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it("writes the same Terraform JSON as the app run the way cdktf synth runs it", () => {
    // GIVEN the app run as cdktf.json says (npx tsx main.ts), with CDKTF_OUTDIR as the cdktf CLI sets it
    const viaApp = path.join(workDir, "via-app");
    const app = spawnSync("npx", ["tsx", "main.ts"], { cwd: BILLING_APP, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: viaApp, CDKTF_CONTEXT_JSON: "{}" } });
    expect(app.status).toBe(0);
    // WHEN connect-async synth runs the same app in-process
    const viaSynth = path.join(workDir, "via-synth");
    const result = connectAsync(["synth", "--project", BILLING_APP, "--out", viaSynth]);
    // THEN it exits 0, shows the app's warning as cdktf synth would, says where the stack went, and wrote the same bytes
    expect(result.stderr).toMatch(/^warning: billing\/billing-flow: \[balance: start\] operation "balance" caches on accountId but also declares language: callers who differ only in language share one result/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Terraform JSON for stack billing: .*cdk\.tf\.json \(\d+ resources; Lambda zips in /);
    const file = (outdir: string) => readFileSync(path.join(outdir, "stacks", "billing", "cdk.tf.json"), "utf8");
    expect(file(viaSynth)).toBe(file(viaApp));
  });

  it("prints a failing app's error as one message, without a stack trace, and exits 1", () => {
    // GIVEN an app whose construct throws
    writeFileSync(path.join(workDir, "cdktf.json"), JSON.stringify({ app: "npx tsx main.ts" }));
    writeFileSync(path.join(workDir, "main.ts"), 'throw new Error("Contact flow \\"Billing\\" is invalid:\\n  [balance: start] does not pass the input \\"accountId\\"");\n');
    // WHEN it is synthesized
    const result = connectAsync(["synth", "--project", workDir]);
    // THEN the message, alone
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('connect-async synth: Contact flow "Billing" is invalid:\n  [balance: start] does not pass the input "accountId"\n');
  });

  it("shows the stack trace when CONNECT_ASYNC_STACK_TRACE=1 asks for it", () => {
    writeFileSync(path.join(workDir, "cdktf.json"), JSON.stringify({ app: "node main.js" }));
    writeFileSync(path.join(workDir, "main.js"), 'throw new Error("broken");\n');
    const result = connectAsync(["synth", "--project", workDir], { CONNECT_ASYNC_STACK_TRACE: "1" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^connect-async synth: Error: broken\n\s+at /);
  });
});
