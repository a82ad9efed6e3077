/**
 * The example pull-request workflow: it runs only commands that exist, uses current major versions of
 * its actions, and its flow steps (extract the synthesized flows of head and base, diff them, write the
 * job summary) work when run for real in bash on two synthesized projects.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { createLogger } from "../../bin/logger";
import { createProgram } from "../../bin/program";
import { buildDemoFlow } from "../../flows/demo";
import { CONFIG_ENVIRONMENT } from "../../infra/demo-stack";

const ROOT = path.resolve(__dirname, "..", "..");

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
}
interface Workflow {
  readonly on: unknown;
  readonly env?: { readonly [name: string]: string };
  readonly jobs: { readonly [id: string]: { readonly steps: ReadonlyArray<Step> } };
}

const workflow = parse(fs.readFileSync(path.join(ROOT, "examples", "github-pr-plan.yml"), "utf8")) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const scripts = steps.flatMap((step) => (step.run ? [step.run] : []));
const allRuns = scripts.join("\n");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  bin: { [name: string]: string };
  scripts: { [name: string]: string };
  dependencies?: { [name: string]: string };
  devDependencies?: { [name: string]: string };
};

/** The latest major version of each action the workflow uses, as of November 2026 (from each action's releases page). */
const CURRENT_MAJOR: { readonly [action: string]: number } = {
  "actions/checkout": 6,
  "actions/setup-node": 6,
  "hashicorp/setup-terraform": 4,
  "aws-actions/configure-aws-credentials": 6,
};

/** Each `npx connect-async <verb> …` up to the end of its shell command, as its verb and its option flags. */
function connectAsyncInvocations(): Array<{ verb: string; flags: string[] }> {
  return [...allRuns.matchAll(/npx connect-async ([\w-]+)([^\n|;&)>]*)/g)].map(([, verb, rest]) => ({
    verb,
    flags: rest.split(/\s+/).filter((token) => /^--?[\w-]+$/.test(token)),
  }));
}

function stepNamed(name: string): string {
  const step = steps.find((candidate) => candidate.name === name);
  if (step?.run === undefined) throw new Error(`the workflow has no step "${name}" with a run script`);
  return step.run;
}

describe("the example pull-request workflow", () => {
  it("is a pull-request workflow", () => {
    expect(workflow.on).toHaveProperty("pull_request");
    expect(scripts.length).toBeGreaterThan(0);
  });

  it("uses the current major version of every action", () => {
    const used = steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(used.length).toBeGreaterThan(0);
    for (const reference of used) {
      const [action, version] = reference.split("@");
      expect({ action, version }).toEqual({ action, version: `v${CURRENT_MAJOR[action] ?? "unknown"}` });
    }
  });

  it("runs only connect-async commands and options the CLI has", () => {
    const program = createProgram(createLogger({ stdout: { write: () => true }, stderr: { write: () => true } }));
    const invocations = connectAsyncInvocations();
    expect(invocations.map((invocation) => invocation.verb)).toEqual(expect.arrayContaining(["synth", "validate", "diff", "diagram"]));
    for (const { verb, flags } of invocations) {
      const command = program.commands.find((candidate) => candidate.name() === verb);
      expect(command?.name()).toBe(verb);
      for (const flag of flags) expect(command?.options.map((option) => option.long)).toContain(flag);
    }
  });

  it("runs only npm scripts package.json defines and tools its dependencies provide", () => {
    for (const [, name] of allRuns.matchAll(/npm run ([\w:.-]+)/g)) expect(manifest.scripts).toHaveProperty([name]);
    expect(allRuns).toMatch(/npm ci\b/);
    const packagesWithBins = new Map<string, string>(Object.keys(manifest.bin).map((bin) => [bin, manifest.name]));
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
      const dependencyManifest = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", dependency, "package.json"), "utf8")) as { bin?: string | { [name: string]: string } };
      const bins = typeof dependencyManifest.bin === "string" ? [dependency.split("/").pop() as string] : Object.keys(dependencyManifest.bin ?? {});
      for (const bin of bins) packagesWithBins.set(bin, dependency);
    }
    for (const [, tool] of allRuns.matchAll(/npx ([\w@/.-]+)/g)) expect([tool, packagesWithBins.has(tool)]).toEqual([tool, true]);
  });

  it("works on the user's synthesized stacks, every one of them, not on the demo's", () => {
    expect(allRuns).toContain("cdktf.out/stacks/*/cdk.tf.json");
    expect(allRuns).toMatch(/for stack in cdktf\.out\/stacks\/\*\/; do\s+npx cdktf diff "\$\(basename "\$stack"\)" --skip-synth/);
    expect(allRuns).not.toMatch(/build-flows|cdktf diff connect-async/);
    expect(allRuns).toContain("$GITHUB_STEP_SUMMARY");
  });

  it("configures the stack only through variables the app reads", () => {
    const known = new Set<string>(Object.values(CONFIG_ENVIRONMENT));
    for (const name of Object.keys(workflow.env ?? {}).filter((variable) => variable.startsWith("CONNECT_ASYNC_"))) expect(known).toContain(name);
  });
});

const hasJq = spawnSync("jq", ["--version"]).status === 0;

// GitHub's ubuntu runners have jq; a machine without it skips only this end-to-end run.
(hasJq ? describe : describe.skip)("the workflow's flow steps, run in bash", () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(tmpdir(), "pr-workflow-"));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A synthesized project: cdktf.out/stacks/<stack>/cdk.tf.json with the given flows as aws_connect_contact_flow content, as CDKTF writes it. */
  function synthesized(dir: string, stacks: { [stack: string]: { [resource: string]: object } }): void {
    for (const [stack, flows] of Object.entries(stacks)) {
      const stackDir = path.join(dir, "cdktf.out", "stacks", stack);
      fs.mkdirSync(stackDir, { recursive: true });
      const resource = {
        aws_connect_contact_flow: Object.fromEntries(Object.entries(flows).map(([name, flow]) => [name, { name, type: "CONTACT_FLOW", content: JSON.stringify(flow) }])),
        aws_lambda_function: { start: { function_name: "start" } },
      };
      fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify({ resource }));
    }
  }

  it("diffs each flow against the base branch and writes diagrams, diffs, validation and resources to the summary", () => {
    // GIVEN a base branch with the demo flow and a flow the pull request removes, and a head whose demo
    // flow hands callers to a queue and which adds a flow
    const arns = { startFunctionArn: "${aws_lambda_function.start.arn}", pollFunctionArn: "${aws_lambda_function.poll.arn}" };
    const base = path.join(work, "base");
    const head = path.join(work, "head");
    synthesized(base, { billing: { lookup: buildDemoFlow(arns), retired: buildDemoFlow({ ...arns, name: "retired" }) } });
    synthesized(head, { billing: { lookup: buildDemoFlow({ ...arns, queueArn: "arn:aws:connect:us-east-1:111111111111:instance/i/queue/q" }), fresh: buildDemoFlow({ ...arns, name: "fresh" }) } });
    // AND `npx connect-async` resolving to this checkout's CLI, as it resolves to the installed package in a user's project
    const shims = path.join(work, "bin");
    fs.mkdirSync(shims, { recursive: true });
    fs.writeFileSync(path.join(shims, "npx"), `#!/usr/bin/env bash\nif [ "$1" = connect-async ]; then shift; exec "${process.execPath}" "${path.join(ROOT, "bin", "connect-async.js")}" "$@"; fi\necho "unexpected npx $*" >&2; exit 127\n`, { mode: 0o755 });
    const summary = path.join(work, "summary.md");

    // WHEN the workflow's extract, validate and summary steps run in head's folder, with base's checkout beside it (../base)
    const script = ["set -e", stepNamed("Extract the flows Terraform will deploy"), stepNamed("Validate the flows"), stepNamed("Write the job summary")].join("\n");
    const run = spawnSync("bash", ["-e", "-c", script], {
      cwd: head,
      env: { ...process.env, PATH: `${shims}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summary },
      encoding: "utf8",
      timeout: 120_000,
    });

    // THEN it succeeds, with one file per flow for each side
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(head, "flows-head")).sort()).toEqual(["billing.fresh.json", "billing.lookup.json"]);
    expect(fs.readdirSync(path.join(head, "flows-base")).sort()).toEqual(["billing.lookup.json", "billing.retired.json"]);
    const text = fs.readFileSync(summary, "utf8");
    // AND the changed flow shows its diff: the two blocks added, and a compact diagram marking them
    const changed = text.slice(text.indexOf("### billing.lookup"), text.indexOf("### billing.", text.indexOf("### billing.lookup") + 1));
    expect(changed).toMatch(/2 added, 0 removed, \d+ changed/);
    expect(changed).toContain("+ added Set the agent queue (Set working queue)");
    expect(changed).toMatch(/```mermaid\nflowchart TD\n[\s\S]*class [\w,]+ added;[\s\S]*```/);
    expect(changed).toContain("lookUpAccount: async");
    // AND the new flow is drawn whole, the removed one is named
    expect(text).toMatch(/### billing\.fresh\nNew flow\.\n```mermaid\nflowchart TD\n/);
    expect(text).toContain("### billing.retired\nRemoved in this pull request.");
    // AND the validation and the resource list of every stack follow
    expect(text).toMatch(/## Validation\n[\s\S]*\d+ error\(s\), \d+ warning\(s\)\./);
    expect(text).toContain("## Synthesized resources\n### billing\n- `aws_connect_contact_flow.fresh`\n- `aws_connect_contact_flow.lookup`\n- `aws_lambda_function.start`");
  }, 180_000);
});
