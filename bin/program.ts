/**
 * The `connect-async` command line: builds the commander program. Each command lives in
 * `commands/<verb>.ts`, which exports a pure `run<Verb>(options)` and a `register<Verb>(program, logger)`.
 */
import { Command } from "commander";
import { registerBuildFlows } from "./commands/build-flows";
import { registerDiagram } from "./commands/diagram";
import { registerDiff } from "./commands/diff";
import { registerWrap } from "./commands/wrap";
import { registerExport } from "./commands/export";
import { registerInit } from "./commands/init";
import { registerSimulate } from "./commands/simulate";
import { registerSynth } from "./commands/synth";
import { registerValidate } from "./commands/validate";
import { EXIT_CODE, type Logger } from "./logger";

/** Adds one command to the program. */
export type RegisterCommand = (program: Command, logger: Logger) => void;

/** Every command, in help order. Adding a command is one entry here (and its import). */
const COMMANDS: ReadonlyArray<RegisterCommand> = [
  registerInit,
  registerSynth,
  registerValidate,
  registerDiagram,
  registerDiff,
  registerWrap,
  registerBuildFlows,
  registerSimulate,
  registerExport,
];

/** The package version, from the package.json above `bin/` (a checkout) or above `dist/lib/bin/` (installed). */
function packageVersion(): string {
  const { packageManifest } = require("./package-manifest") as typeof import("./package-manifest");
  return packageManifest().version;
}

export function createProgram(logger: Logger): Command {
  const program = new Command()
    .name("connect-async")
    .description("Build, check, draw and simulate Amazon Connect contact flows that put slow Lambda calls behind Step Functions, and export the stack as plain Terraform.")
    .version(packageVersion(), "-v, --version", "Print the connect-async version and exit.")
    .helpOption("-h, --help", "Show help for connect-async or for one of its commands.")
    .helpCommand("help [command]", "Show help for connect-async or for one of its commands.")
    .showHelpAfterError("Run with --help to see the usage.")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => logger.data(text),
      writeErr: (text) => logger.warn(text.trimEnd()),
    });
  for (const register of COMMANDS) register(program, logger);
  program.commands.forEach((command) => command.exitOverride());
  return program;
}

export { EXIT_CODE };
