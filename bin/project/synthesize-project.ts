/**
 * Synthesizes the user's CDKTF app (its cdktf.json `app`) and reads what came out: the Terraform JSON of
 * each stack is the single source of truth for the commands that work on the user's project (their
 * contact flows' content, their operations' settings).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readCdktfProject, type CdktfProject } from "./cdktf-project";
import { appLaunchOf } from "./app-entry";
import { nodeOptionsHidingArchivedCdktfWarning } from "../archived-cdktf-warning";
import { ProjectError } from "./project-error";
import { APP_ENVIRONMENT, runAppInProcess, synthFailureMessage } from "./run-app";
import type { TerraformJson } from "./terraform-json";

/** Options of {@link synthesizeProject}. */
export interface SynthesizeProjectOptions {
  /** The project folder (holding cdktf.json). */
  readonly projectDir: string;
  /** Where to synthesize. @default a new temporary folder, removed by {@link SynthesizedProject.dispose} */
  readonly outdir?: string;
  /**
   * Run the app in this process (fast, but the user's code shares it: only for one-shot commands such as
   * `synth`) rather than in a child process. @default false
   */
  readonly inProcess?: boolean;
  /** The child's environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** One synthesized stack. */
export interface SynthesizedStackFiles {
  /** The stack name (its construct id). */
  readonly name: string;
  /** The stack folder, holding cdk.tf.json and assets/ (absolute). */
  readonly dir: string;
  readonly json: TerraformJson;
  /** The construct annotations CDKTF recorded in the manifest (warnings such as ContactFlow's), in order. */
  readonly annotations: ReadonlyArray<StackAnnotation>;
}

/** One annotation: `level` is CDKTF's (`@cdktf/info`, `@cdktf/warn`, `@cdktf/error`). */
export interface StackAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

/** The annotations worth showing a user (warnings and errors), as `warning: <path>: <message>` lines. */
export function annotationLines(stacks: ReadonlyArray<Pick<SynthesizedStackFiles, "annotations">>): string[] {
  const label: { readonly [level: string]: string } = { "@cdktf/warn": "warning", "@cdktf/error": "error" };
  return stacks.flatMap((stack) =>
    stack.annotations.filter((annotation) => label[annotation.level] !== undefined).map((annotation) => `${label[annotation.level]}: ${annotation.constructPath}: ${annotation.message}`),
  );
}

/** What the synthesis produced. */
export interface SynthesizedProject {
  readonly project: CdktfProject;
  /** The output folder (absolute). */
  readonly outdir: string;
  /** The stacks, sorted by name. */
  readonly stacks: ReadonlyArray<SynthesizedStackFiles>;
  /** What the app printed on stderr (warnings), trimmed. */
  readonly warnings: string;
  /** Removes the output folder when it is a temporary one. */
  dispose(): void;
}

/** Synthesizes the project; a failing app is a {@link ProjectError} carrying the app's own message. */
export function synthesizeProject(options: SynthesizeProjectOptions): SynthesizedProject {
  const project = readCdktfProject(options.projectDir);
  const temporary = options.outdir === undefined;
  const outdir = path.resolve(project.dir, options.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-synth-")));
  const dispose = () => {
    if (temporary) fs.rmSync(outdir, { recursive: true, force: true });
  };
  try {
    clearPreviousOutput(outdir);
    const warnings = runApp(project, outdir, options);
    return { project, outdir, stacks: readStacks(outdir), warnings, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

function runApp(project: CdktfProject, outdir: string, options: SynthesizeProjectOptions): string {
  const launch = appLaunchOf(project.app, project.dir);
  if (options.inProcess === true && launch.kind === "entry") {
    try {
      runAppInProcess({ entry: launch.entry, projectDir: project.dir, outdir, context: project.context });
    } catch (error) {
      throw new ProjectError(synthFailureMessage(error), { cause: error });
    }
    if (process.exitCode !== undefined && process.exitCode !== 0) throw new ProjectError(`the app (${project.app}) failed; see the messages above`);
    return "";
  }
  const base = options.env ?? process.env;
  const env: NodeJS.ProcessEnv = { ...base, [APP_ENVIRONMENT.outdir]: outdir, [APP_ENVIRONMENT.context]: JSON.stringify(project.context) };
  // A shell command runs Node processes of its own; the entry child hides the warning itself (run-app).
  const nodeOptions = launch.kind === "shell" ? nodeOptionsHidingArchivedCdktfWarning(base.NODE_OPTIONS) : undefined;
  if (nodeOptions !== undefined) env.NODE_OPTIONS = nodeOptions;
  const child =
    launch.kind === "entry"
      ? spawnSync(process.execPath, [...runnerArgs(), launch.entry], { cwd: project.dir, env, encoding: "utf8" })
      : spawnSync(launch.command, { cwd: project.dir, env, encoding: "utf8", shell: true });
  const stderr = (child.stderr ?? "").trim();
  if (child.error !== undefined) throw new ProjectError(`the app (${project.app}) could not be started: ${child.error.message}`);
  if (child.status !== 0) {
    throw new ProjectError(`the app (${project.app}) failed to synthesize${stderr === "" ? ` (exit ${child.status})` : `:\n${stderr}`}`);
  }
  return stderr;
}

/** This module's sibling `run-app`, with tsx when it is the TypeScript source (a checkout or a test). */
function runnerArgs(): string[] {
  const runner = require.resolve("./run-app");
  return runner.endsWith(".ts") ? ["--require", require.resolve("tsx/cjs"), runner] : [runner];
}

/** Old stacks must not be mistaken for this run's; only CDKTF's own files are removed. */
function clearPreviousOutput(outdir: string): void {
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
}

/** Reads every stack listed in the output's manifest.json. */
export function readStacks(outdir: string): SynthesizedStackFiles[] {
  const manifestFile = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new ProjectError(`the app wrote no ${manifestFile}; does it call app.synth()?`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as {
    stacks?: { [name: string]: { synthesizedStackPath?: string; annotations?: ReadonlyArray<{ constructPath?: unknown; level?: unknown; message?: unknown }> } };
  };
  return Object.entries(manifest.stacks ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, entry]) => {
      const file = path.join(outdir, entry.synthesizedStackPath ?? path.join("stacks", name, "cdk.tf.json"));
      const annotations = (entry.annotations ?? []).map((annotation) => ({
        constructPath: String(annotation.constructPath ?? name),
        level: String(annotation.level ?? ""),
        message: String(annotation.message ?? ""),
      }));
      return { name, dir: path.dirname(file), json: JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson, annotations };
    });
}
