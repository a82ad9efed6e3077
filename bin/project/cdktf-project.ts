/**
 * A CDKTF project on disk: the folder holding `cdktf.json`, whose `app` command synthesizes the user's
 * stacks and whose `context` configures them (the cdktf CLI passes it as CDKTF_CONTEXT_JSON).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ProjectError } from "./project-error";

/** The parts of `cdktf.json` connect-async reads. */
export interface CdktfProject {
  /** The project folder (absolute). */
  readonly dir: string;
  /** The `app` command, e.g. `npx tsx main.ts`. */
  readonly app: string;
  /** The `context` object. @default {} */
  readonly context: { readonly [key: string]: unknown };
  /** Where `cdktf synth` writes, relative to `dir` (cdktf.json `output`). @default "cdktf.out" */
  readonly output: string;
}

/** Reads `<dir>/cdktf.json`; a missing folder, file or `app` is a {@link ProjectError} saying what to do. */
export function readCdktfProject(dir: string): CdktfProject {
  const projectDir = path.resolve(dir);
  if (!fs.existsSync(projectDir) || !fs.statSync(projectDir).isDirectory()) {
    throw new ProjectError(`the project folder ${dir} does not exist; pass the folder of your CDKTF app (the one holding cdktf.json) with --project`);
  }
  const file = path.join(projectDir, "cdktf.json");
  if (!fs.existsSync(file)) {
    throw new ProjectError(`${projectDir} has no cdktf.json; run this in your CDKTF app's folder, pass it with --project, or scaffold one with \`connect-async init\``);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProjectError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const config = (typeof parsed === "object" && parsed !== null ? parsed : {}) as { app?: unknown; context?: unknown; output?: unknown };
  if (typeof config.app !== "string" || config.app.trim() === "") {
    throw new ProjectError(`${file} has no "app" command; add one, e.g. "app": "npx tsx main.ts"`);
  }
  const context = typeof config.context === "object" && config.context !== null && !Array.isArray(config.context) ? (config.context as { [key: string]: unknown }) : {};
  const output = typeof config.output === "string" && config.output !== "" ? config.output : "cdktf.out";
  return { dir: projectDir, app: config.app.trim(), context, output };
}
