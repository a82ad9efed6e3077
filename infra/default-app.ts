/**
 * The CDKTF app of this project: one App with the demo stack, set up for deterministic output (no stack
 * traces in metadata, the cdktf version stubbed). `main.ts` synthesizes it for `cdktf synth`; the
 * export command synthesizes it in-process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { ConnectAsyncDemoStack, DEFAULT_STACK_ID, readDemoStackConfig } from "./demo-stack";

/** Options of {@link createDefaultApp}. */
export interface DefaultAppOptions {
  /** Where to synthesize. @default CDKTF's default (`CDKTF_OUTDIR` or `cdktf.out`) */
  readonly outdir?: string;
  /** Context values, as `cdktf.json` "context" gives them (the CLI passes those through the environment). @default none */
  readonly context?: { readonly [key: string]: unknown };
  /** Environment variables for the configuration. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the handler bundles are. @default `dist/handlers` of this repository */
  readonly handlersDir?: string;
}

/** The app and its stack, not yet synthesized. */
export interface DefaultApp {
  readonly app: App;
  readonly stack: ConnectAsyncDemoStack;
}

/** Builds the app with the default stack. */
export function createDefaultApp(options: DefaultAppOptions = {}): DefaultApp {
  const app = new App({ outdir: options.outdir, stackTraces: false, context: { ...options.context } });
  // The version would otherwise be written into cdk.tf.json: the same inputs must give the same bytes.
  app.node.setContext("cdktfVersion", "stubbed");
  const config = readDemoStackConfig((key) => app.node.tryGetContext(key), options.env ?? process.env);
  const stack = new ConnectAsyncDemoStack(app, DEFAULT_STACK_ID, { config, handlersDir: options.handlersDir });
  return { app, stack };
}

/** The "context" object of a `cdktf.json`, or `{}` when the file is absent. */
export function readCdktfJsonContext(projectDir: string): { readonly [key: string]: unknown } {
  const file = path.join(projectDir, "cdktf.json");
  if (!fs.existsSync(file)) return {};
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { context?: { [key: string]: unknown } };
  return parsed.context ?? {};
}
