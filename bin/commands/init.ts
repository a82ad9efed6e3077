/**
 * `connect-async init [dir] [--engine cdktf|cdktn]`: scaffolds a TypeScript project in the shape of
 * `cdktf init --template=typescript` (cdktf.json, help, main.ts, __tests__, tsconfig.json, jest), ready to
 * run: one stack wrapping one Lambda (its ARN a Terraform variable), a contact flow built with the async
 * macro, tests with the engine's matchers and connect-async's validator, and npm scripts synth, test
 * (type-check, then Jest), diff, deploy, simulate and diagram (every flow). The project depends on the
 * connect-async version that ran `init`, and on the engine, provider and tool versions that version is
 * built and tested with.
 *
 * The templates are written for CDKTF; for CDK Terrain (`--engine cdktn`) their imports are rewritten as
 * the library's are (`cdktf` → `cdktn`, `connect-async` → `connect-async/cdktn`), so the scaffold installs
 * `cdktn`, `@cdktn/provider-aws` and `cdktn-cli`, never `cdktf`, and its scripts call `cdktn`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { CDKTN_VERSIONS, ENGINE, ENGINES, isEngine, type Engine } from "../engine/engines";
import { rewriteEngineImports } from "../engine/rewrite-engine-imports";
import { EXIT_CODE, type Logger } from "../logger";

/** Options of {@link runInit}. */
export interface InitOptions {
  /** The folder to create the project in; created when missing. */
  readonly dir: string;
  /** The package name. @default the folder's name, made a valid npm name */
  readonly name?: string;
  /** The engine the project runs on: CDKTF (archived) or CDK Terrain, its maintained fork. @default "cdktf" */
  readonly engine?: Engine;
}

/** What was written. */
export interface InitResult {
  /** The project folder (absolute). */
  readonly dir: string;
  readonly name: string;
  /** The files written, relative to `dir`, POSIX-style, sorted. */
  readonly files: ReadonlyArray<string>;
  /** The connect-async version the project depends on. */
  readonly connectAsyncVersion: string;
  readonly engine: Engine;
}

/** A folder that already holds files the scaffold would write, or a bad name: exit 1. */
export class InitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InitError";
  }
}

/** The template folder, relative to the package root. */
const TEMPLATE_DIR = path.join("templates", "app");
/** Template files whose name on disk differs from the scaffold's (npm pack leaves out `.gitignore` files). */
const RENAMED: { readonly [template: string]: string } = { gitignore: ".gitignore" };
/** Template files whose module specifiers name the engine (rewritten for CDK Terrain). */
const CODE_FILE = /\.(ts|js)$/;
/** The entry the app command runs. */
const APP_ENTRY = "main.ts";
/** Where the scaffold's diagram script writes every flow (build-flows' <name>.json and <name>.mmd). */
const FLOWS_OUT = "flows-out";

/** The packages the scaffold installs besides the engine's, each at the version this connect-async is built with. */
const TOOL_PACKAGES = ["typescript", "tsx", "jest", "@swc/core", "@swc/jest", "@types/jest", "@types/node"] as const;

/** What the templates' `{{…}}` placeholders become, besides `{{name}}`. */
const NODE_NOTE: { readonly [engine in Engine]: string } = {
  cdktf: [
    "Node 20.9 or newer runs the tools; the Lambdas run on AWS's `nodejs22.x`. Node 20 reached end-of-life",
    "in April 2026, so prefer Node 22. On Node 20, `npm install` warns (EBADENGINE) that",
    "`aws-local-stepfunctions`, which the simulator uses, wants Node 22; the simulator still runs on Node 20.",
    "CDKTF is archived; `npx connect-async init --engine cdktn` scaffolds the same project on CDK Terrain, its",
    "maintained fork (connect-async's docs/cdk-terrain.md moves an existing project without changing state).",
  ].join("\n"),
  cdktn: [
    "CDK Terrain 0.24 needs Node 22.19 or newer (its `engines`), as does this project; the Lambdas run on",
    "AWS's `nodejs22.x`. On an older Node, `npm install` warns (EBADENGINE) and the tools may fail.",
  ].join("\n"),
};

/** Writes the scaffold; refuses to overwrite any file. */
export function runInit(options: InitOptions): InitResult {
  const { packageManifest } = require("../package-manifest") as typeof import("../package-manifest");
  const manifest = packageManifest();
  const dir = path.resolve(options.dir);
  const name = options.name ?? npmNameOf(path.basename(dir));
  const engine = options.engine ?? ENGINE.cdktf;
  if (!/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) || name.length > 214) {
    throw new InitError(`"${name}" is not a valid npm package name; pass one with --name (lower case, digits, "-", "_", ".")`);
  }

  const templateDir = path.join(manifest.dir, TEMPLATE_DIR);
  const files = new Map<string, string>();
  for (const template of listFiles(templateDir)) {
    const target = RENAMED[template] ?? template;
    const text = fillPlaceholders(fs.readFileSync(path.join(templateDir, template), "utf8"), name, engine);
    files.set(target, CODE_FILE.test(target) ? rewriteEngineImports(text, ENGINE.cdktf, engine).text : text);
  }
  files.set("package.json", `${JSON.stringify(scaffoldPackageJson(name, manifest, engine), null, 2)}\n`);
  files.set("cdktf.json", `${JSON.stringify(scaffoldCdktfJson(name), null, 2)}\n`);

  const existing = [...files.keys()].filter((file) => fs.existsSync(path.join(dir, file))).sort();
  if (existing.length > 0) {
    throw new InitError(`${dir} already has ${existing.join(", ")}; run init in a new or empty folder (nothing was written)`);
  }
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return { dir, name, files: [...files.keys()].sort(), connectAsyncVersion: manifest.version, engine };
}

/** `{{name}}`, `{{engineTitle}}` (CDKTF, CDK Terrain), `{{engineCli}}` (cdktf, cdktn) and `{{nodeNote}}`. */
function fillPlaceholders(text: string, name: string, engine: Engine): string {
  const values: { readonly [key: string]: string } = { name, engineTitle: ENGINES[engine].title, engineCli: ENGINES[engine].core, nodeNote: NODE_NOTE[engine] };
  return text.replace(/\{\{(name|engineTitle|engineCli|nodeNote)\}\}/g, (_whole, key: string) => values[key]!);
}

type Manifest = ReturnType<typeof import("../package-manifest").packageManifest>;

/**
 * The scaffold's package.json, as an object (exact versions: the ones this connect-async is tested with;
 * CDKTF's are connect-async's own devDependencies, CDK Terrain's {@link CDKTN_VERSIONS}).
 */
export function scaffoldPackageJson(name: string, manifest: Manifest, engine: Engine = ENGINE.cdktf): object {
  const versionOf = (pkg: string): string => {
    const version = engine === ENGINE.cdktn && pkg in CDKTN_VERSIONS ? CDKTN_VERSIONS[pkg as keyof typeof CDKTN_VERSIONS] : (manifest.devDependencies[pkg] ?? manifest.dependencies[pkg]);
    if (version === undefined) throw new Error(`connect-async's package.json pins no version of ${pkg}`);
    return version;
  };
  const pinned = (names: ReadonlyArray<string>) => Object.fromEntries([...names].sort().map((pkg) => [pkg, versionOf(pkg)]));
  const facts = ENGINES[engine];
  const cli = facts.core;
  return {
    name,
    version: "0.1.0",
    private: true,
    license: "UNLICENSED",
    scripts: {
      synth: "connect-async synth",
      // Type-check first, as `cdktf init`'s template does: a misspelt option (`strategi: "event"`) synthesizes but must fail.
      test: "tsc --noEmit && jest",
      typecheck: "tsc --noEmit",
      // Every flow of the app: build-flows writes <name>.json and <name>.mmd each; diagram prints them all.
      diagram: `connect-async build-flows --out ${FLOWS_OUT} && connect-async diagram ${FLOWS_OUT}`,
      // simulate reads the app itself: each flow, with its operations as the stack deploys them.
      simulate: "connect-async simulate --all --scenario slow-backend",
      diff: `${cli} diff`,
      deploy: `${cli} deploy`,
      destroy: `${cli} destroy`,
    },
    engines: { node: engine === ENGINE.cdktn ? facts.node : (manifest.engines.node ?? facts.node) },
    dependencies: { "connect-async": manifest.version, ...pinned([facts.core, facts.provider, "constructs"]) },
    devDependencies: pinned([facts.cli, ...TOOL_PACKAGES]),
  };
}

/** The scaffold's cdktf.json: the fields `cdktf init --template=typescript` writes. */
export function scaffoldCdktfJson(name: string): object {
  return {
    language: "typescript",
    app: `npx tsx ${APP_ENTRY}`,
    projectId: name,
    sendCrashReports: "false",
    terraformProviders: [],
    terraformModules: [],
    context: {},
  };
}

/** A folder name as an npm package name: lower case, other characters as "-". */
function npmNameOf(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9._~-]+/g, "-").replace(/^[-._]+|-+$/g, "") || "connect-async-app";
}

function listFiles(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(dir, path.posix.join(prefix, entry.name)) : [path.posix.join(prefix, entry.name)]))
    .sort();
}

/** Adds `init` to the program. Exit codes: 0 written, 1 the folder has the files already or the name is bad. */
export function registerInit(program: Command, logger: Logger): void {
  program
    .command("init")
    .description("Scaffold a CDKTF or CDK Terrain TypeScript project that uses connect-async: one stack wrapping one Lambda, a contact flow built with the async macro, tests, and npm scripts.")
    .argument("[dir]", "The folder to create the project in; created when missing.", ".")
    .option("--name <name>", "The npm package name. Default: the folder's name.")
    .option(
      "--engine <cdktf|cdktn>",
      "The engine: cdktf (CDKTF 0.21, archived; Node 20.9+) or cdktn (CDK Terrain 0.24, its maintained fork, recommended for new projects; Node 22.19+).",
      ENGINE.cdktf,
    )
    .action((dir: string, flags: { name?: string; engine: string }, command: Command) => {
      if (!isEngine(flags.engine)) command.error(`--engine must be cdktf or cdktn, got "${flags.engine}".`, { exitCode: EXIT_CODE.UserError });
      try {
        const result = runInit({ dir, name: flags.name, engine: flags.engine as Engine });
        const shown = path.relative(process.cwd(), result.dir) || ".";
        logger.info(`Created ${result.name} (connect-async ${result.connectAsyncVersion}, ${ENGINES[result.engine].title}) in ${shown}:`);
        for (const file of result.files) logger.info(`  ${file}`);
        logger.info(["Next:", ...(shown === "." ? [] : [`  cd ${shown}`]), "  npm install", "  npm run synth", "  npm test", "See README.md and help."].join("\n"));
        process.exitCode = EXIT_CODE.Ok;
      } catch (error) {
        if (!(error instanceof InitError)) throw error;
        logger.error(`connect-async init: ${error.message}`);
        process.exitCode = EXIT_CODE.UserError;
      }
    });
}
