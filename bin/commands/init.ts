/**
 * `connect-async init [dir]`: scaffolds a CDKTF TypeScript project in the shape of
 * `cdktf init --template=typescript` (cdktf.json, help, main.ts, __tests__, tsconfig.json, jest), ready to
 * run: one stack wrapping one Lambda (its ARN a Terraform variable), a contact flow built with the async
 * macro, tests with CDKTF's matchers and connect-async's validator, and npm scripts synth, test, diff,
 * deploy, simulate and diagram. The project depends on the connect-async version that ran `init`, and on
 * the CDKTF, provider and tool versions that version is built and tested with.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { EXIT_CODE, type Logger } from "../logger";

/** Options of {@link runInit}. */
export interface InitOptions {
  /** The folder to create the project in; created when missing. */
  readonly dir: string;
  /** The package name. @default the folder's name, made a valid npm name */
  readonly name?: string;
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
/** Template files in which `{{name}}` becomes the project name. */
const NAMED_TEXT = new Set(["README.md", "help"]);
/** The entry the app command runs. */
const APP_ENTRY = "main.ts";
/** The flow's file stem as build-flows writes it (the builder's flow name in contact-centre-stack.ts). */
const FLOW_STEM = "Lookup";

/** The packages the scaffold installs, each at the version this connect-async is built with. */
const RUNTIME_PACKAGES = ["cdktf", "@cdktf/provider-aws", "constructs"] as const;
const TOOL_PACKAGES = ["cdktf-cli", "typescript", "tsx", "jest", "@swc/core", "@swc/jest", "@types/jest", "@types/node"] as const;

/** Writes the scaffold; refuses to overwrite any file. */
export function runInit(options: InitOptions): InitResult {
  const { packageManifest } = require("../package-manifest") as typeof import("../package-manifest");
  const manifest = packageManifest();
  const dir = path.resolve(options.dir);
  const name = options.name ?? npmNameOf(path.basename(dir));
  if (!/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) || name.length > 214) {
    throw new InitError(`"${name}" is not a valid npm package name; pass one with --name (lower case, digits, "-", "_", ".")`);
  }

  const templateDir = path.join(manifest.dir, TEMPLATE_DIR);
  const files = new Map<string, string>();
  for (const template of listFiles(templateDir)) {
    const target = RENAMED[template] ?? template;
    const text = fs.readFileSync(path.join(templateDir, template), "utf8");
    files.set(target, NAMED_TEXT.has(target) ? text.replace(/\{\{name\}\}/g, name) : text);
  }
  files.set("package.json", `${JSON.stringify(scaffoldPackageJson(name, manifest), null, 2)}\n`);
  files.set("cdktf.json", `${JSON.stringify(scaffoldCdktfJson(name), null, 2)}\n`);

  const existing = [...files.keys()].filter((file) => fs.existsSync(path.join(dir, file))).sort();
  if (existing.length > 0) {
    throw new InitError(`${dir} already has ${existing.join(", ")}; run init in a new or empty folder (nothing was written)`);
  }
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return { dir, name, files: [...files.keys()].sort(), connectAsyncVersion: manifest.version };
}

type Manifest = ReturnType<typeof import("../package-manifest").packageManifest>;

/** The scaffold's package.json, as an object (exact versions: the ones this connect-async is tested with). */
export function scaffoldPackageJson(name: string, manifest: Manifest): object {
  const versionOf = (pkg: string): string => {
    const version = manifest.devDependencies[pkg] ?? manifest.dependencies[pkg];
    if (version === undefined) throw new Error(`connect-async's package.json pins no version of ${pkg}`);
    return version;
  };
  const pinned = (names: ReadonlyArray<string>) => Object.fromEntries([...names].sort().map((pkg) => [pkg, versionOf(pkg)]));
  return {
    name,
    version: "0.1.0",
    private: true,
    license: "UNLICENSED",
    scripts: {
      synth: "connect-async synth",
      test: "jest",
      typecheck: "tsc --noEmit",
      diagram: `connect-async build-flows --out flows-out && connect-async diagram flows-out/${FLOW_STEM}.json`,
      // simulate reads the app itself: its flow, with its operations as the stack deploys them.
      simulate: "connect-async simulate --scenario slow-backend",
      diff: "cdktf diff",
      deploy: "cdktf deploy",
      destroy: "cdktf destroy",
    },
    engines: { node: manifest.engines.node ?? ">=20.9" },
    dependencies: { "connect-async": manifest.version, ...pinned(RUNTIME_PACKAGES) },
    devDependencies: pinned(TOOL_PACKAGES),
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
    .description("Scaffold a CDKTF TypeScript project that uses connect-async: one stack wrapping one Lambda, a contact flow built with the async macro, tests, and npm scripts.")
    .argument("[dir]", "The folder to create the project in; created when missing.", ".")
    .option("--name <name>", "The npm package name. Default: the folder's name.")
    .action((dir: string, flags: { name?: string }) => {
      try {
        const result = runInit({ dir, name: flags.name });
        const shown = path.relative(process.cwd(), result.dir) || ".";
        logger.info(`Created ${result.name} (connect-async ${result.connectAsyncVersion}) in ${shown}:`);
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
