/**
 * The example pull-request workflow only runs what this project provides.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { createLogger } from "../../bin/logger";
import { createProgram } from "../../bin/program";
import { CONFIG_ENVIRONMENT, DEFAULT_STACK_ID } from "../../infra/demo-stack";

const ROOT = path.resolve(__dirname, "..", "..");

interface Workflow {
  readonly on: unknown;
  readonly env?: { readonly [name: string]: string };
  readonly jobs: { readonly [id: string]: { readonly steps: ReadonlyArray<{ readonly run?: string; readonly uses?: string }> } };
}

const workflow = parse(fs.readFileSync(path.join(ROOT, "examples", "github-pr-plan.yml"), "utf8")) as Workflow;
const scripts = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));
const allRuns = scripts.join("\n");
const packageScripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { [name: string]: string } }).scripts;

it("is a pull-request workflow", () => {
  expect(workflow.on).toHaveProperty("pull_request");
  expect(scripts.length).toBeGreaterThan(0);
});

it("runs only npm scripts that package.json defines", () => {
  const used = [...allRuns.matchAll(/npm run ([\w:.-]+)/g)].map((match) => match[1]);
  expect(used).toContain("synth");
  for (const name of used) expect(packageScripts).toHaveProperty([name]);
  expect(allRuns).toMatch(/npm ci\b/);
});

it("runs only connect-async commands and options the CLI has", () => {
  const program = createProgram(createLogger({ stdout: { write: () => true }, stderr: { write: () => true } }));
  const invocations = [...allRuns.matchAll(/npx connect-async ([\w-]+)((?: +--?[\w-]+(?: +[^\s-][^\s]*)?)*)/g)];
  expect(invocations.map((match) => match[1])).toContain("build-flows");
  for (const [, verb, rest] of invocations) {
    const command = program.commands.find((candidate) => candidate.name() === verb);
    expect(command).toBeDefined();
    expect(fs.existsSync(path.join(ROOT, "bin", "commands", `${verb}.ts`))).toBe(true);
    for (const [, flag] of rest.matchAll(/(?:^|\s)(--?[\w-]+)/g)) {
      expect(command?.options.map((option) => option.long)).toContain(flag);
    }
  }
});

it("diffs the stack this app synthesizes and summarizes its cdk.tf.json and the flow diagrams", () => {
  expect(allRuns).toContain(`cdktf diff ${DEFAULT_STACK_ID} --skip-synth`);
  expect(allRuns).toContain(`cdktf.out/stacks/${DEFAULT_STACK_ID}/cdk.tf.json`);
  expect(allRuns).toMatch(/flows-out\/\*\.mmd/);
  expect(allRuns).toContain("$GITHUB_STEP_SUMMARY");
});

it("configures the stack only through variables the app reads", () => {
  const known = new Set<string>(Object.values(CONFIG_ENVIRONMENT));
  for (const name of Object.keys(workflow.env ?? {}).filter((variable) => variable.startsWith("CONNECT_ASYNC_"))) expect(known).toContain(name);
  expect(workflow.env).toHaveProperty("CONNECT_ASYNC_STATE_BUCKET");
});
