/**
 * Which flavour of connect-async the installed command line runs: the one compiled for the engine the
 * user's project has (dist/lib for CDKTF, dist/cdktn for CDK Terrain), so the commands that load the
 * engine themselves (`export --generic`) or run the user's app (`synth`, in-process) never load the other
 * one. This module loads no engine.
 *
 * In order: CONNECT_ASYNC_ENGINE; the one engine installed where the project is (`--project`, else the
 * working directory); the one its package.json declares when both are installed; the one installed where
 * connect-async is; else CDKTF (the flow-only commands, such as validate and diagram, need neither).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE, ENGINES, isEngine, type Engine } from "./engines";

/** The variable that forces the engine. */
export const ENGINE_ENVIRONMENT = "CONNECT_ASYNC_ENGINE";

/** What {@link detectEngine} looks at. */
export interface DetectEngineInput {
  /** The command-line arguments after the command name (for `--project DIR`). */
  readonly argv: ReadonlyArray<string>;
  readonly cwd: string;
  /** connect-async's own folder (where it is installed). */
  readonly packageDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The engine and why, for messages. */
export interface DetectedEngine {
  readonly engine: Engine;
  readonly reason: string;
}

/** A CONNECT_ASYNC_ENGINE naming no engine. */
export class EngineChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EngineChoiceError";
  }
}

export function detectEngine(input: DetectEngineInput): DetectedEngine {
  const forced = input.env[ENGINE_ENVIRONMENT];
  if (forced !== undefined && forced !== "") {
    if (!isEngine(forced)) throw new EngineChoiceError(`${ENGINE_ENVIRONMENT}=${forced} names no engine; use cdktf or cdktn, or unset it to use the engine the project has installed`);
    return { engine: forced, reason: `${ENGINE_ENVIRONMENT}=${forced}` };
  }
  const projectDir = path.resolve(input.cwd, projectOption(input.argv) ?? ".");
  for (const base of [projectDir, input.packageDir]) {
    const installed = installedEngines(base);
    if (installed.length === 1) return { engine: installed[0]!, reason: `only ${ENGINES[installed[0]!].core} is installed for ${base}` };
    if (installed.length === 2) {
      const declared = declaredEngines(base);
      if (declared.length === 1) return { engine: declared[0]!, reason: `${base}'s package.json depends on ${ENGINES[declared[0]!].core}` };
      return { engine: ENGINE.cdktf, reason: `both engines are installed for ${base}` };
    }
  }
  return { engine: ENGINE.cdktf, reason: "no engine is installed" };
}

/** The engines whose core package Node would find from `base` (its node_modules folders, walking up). */
export function installedEngines(base: string): Engine[] {
  return (Object.keys(ENGINES) as Engine[]).filter((engine) => {
    for (let dir = base; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, "node_modules", ENGINES[engine].core, "package.json"))) return true;
      if (path.dirname(dir) === dir) return false;
    }
  });
}

/** The engines the nearest package.json at or above `base` lists in its dependencies or devDependencies. */
function declaredEngines(base: string): Engine[] {
  for (let dir = base; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      try {
        const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { dependencies?: object; devDependencies?: object };
        const names = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
        return (Object.keys(ENGINES) as Engine[]).filter((engine) => names.has(ENGINES[engine].core));
      } catch {
        return [];
      }
    }
    if (path.dirname(dir) === dir) return [];
  }
}

/** The value of `--project DIR` or `--project=DIR`, if given. */
function projectOption(argv: ReadonlyArray<string>): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === "--project") return argv[index + 1];
    if (word.startsWith("--project=")) return word.slice("--project=".length);
  }
  return undefined;
}
