/**
 * Runs a CDKTF app's entry file the way `cdktf synth` runs it (working directory the project,
 * CDKTF_OUTDIR the output folder, CDKTF_CONTEXT_JSON the cdktf.json context), but without the CLI's
 * start-up of about 3 s: in this process (`connect-async synth`) or in a plain `node` child, which is
 * this file run directly (the other commands, so the user's code never shares their process).
 *
 * TypeScript entries load through tsx (a dependency of connect-async), as `npx tsx main.ts` would.
 */
import * as path from "node:path";
import { hideArchivedCdktfWarning } from "../archived-cdktf-warning";

/** Options of {@link runAppInProcess}. */
export interface RunAppOptions {
  /** The entry file (absolute). */
  readonly entry: string;
  /** The project folder: the working directory while the app runs. */
  readonly projectDir: string;
  /** Where the app synthesizes (CDKTF_OUTDIR). */
  readonly outdir: string;
  /** The cdktf.json context (CDKTF_CONTEXT_JSON). */
  readonly context: { readonly [key: string]: unknown };
}

/** The environment variables through which the cdktf CLI configures an app (cdktf/lib/app.js reads them). */
export const APP_ENVIRONMENT = { outdir: "CDKTF_OUTDIR", context: "CDKTF_CONTEXT_JSON" } as const;

/** Shows the stack trace of a failed synth as well as its message. */
export const STACK_TRACE_ENVIRONMENT = "CONNECT_ASYNC_STACK_TRACE";

/**
 * Requires the entry with the app's environment set, then restores the environment and working directory.
 * Errors thrown by the app (invalid props, flow errors) propagate unchanged.
 */
export function runAppInProcess(options: RunAppOptions): void {
  if (/\.[cm]?ts$/.test(options.entry)) require("tsx/cjs");
  const saved = { outdir: process.env[APP_ENVIRONMENT.outdir], context: process.env[APP_ENVIRONMENT.context], cwd: process.cwd() };
  process.env[APP_ENVIRONMENT.outdir] = options.outdir;
  process.env[APP_ENVIRONMENT.context] = JSON.stringify(options.context);
  process.chdir(options.projectDir);
  try {
    forgetProjectModules(options.projectDir);
    require(options.entry);
  } finally {
    process.chdir(saved.cwd);
    restore(APP_ENVIRONMENT.outdir, saved.outdir);
    restore(APP_ENVIRONMENT.context, saved.context);
  }
}

/** The message printed for a failed synth: one line of cause, the stack only when asked for. */
export function synthFailureMessage(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (!(error instanceof Error)) return String(error);
  if (env[STACK_TRACE_ENVIRONMENT] === "1") return error.stack ?? error.message;
  return error.message;
}

/** A second run in the same process must run the app again, not return the cached module. */
function forgetProjectModules(projectDir: string): void {
  const inside = `${path.resolve(projectDir)}${path.sep}`;
  const dependencies = `${path.sep}node_modules${path.sep}`;
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(inside) && !file.slice(inside.length).includes(dependencies)) delete require.cache[file];
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The child: `node [--require tsx/cjs] run-app.(ts|js) <entry>`, configured through the environment like any app. */
function main(): void {
  const entry = process.argv[2];
  if (entry === undefined) {
    process.stderr.write("usage: run-app <entry file>\n");
    process.exitCode = 2;
    return;
  }
  hideArchivedCdktfWarning();
  try {
    if (/\.[cm]?ts$/.test(entry)) require("tsx/cjs");
    require(path.resolve(entry));
  } catch (error) {
    process.stderr.write(`${synthFailureMessage(error)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
