/**
 * The TypeScript or JavaScript file a cdktf.json `app` command runs, when the command is one connect-async
 * can run itself (in this process, or in a plain `node` child without npx's start-up): `npx tsx main.ts`,
 * `tsx main.ts`, `npx ts-node main.ts`, `ts-node --prefer-ts-exts main.ts`, `node main.js`. Anything else
 * (a shell pipeline, a compile step first) runs as the cdktf CLI runs it, through the shell.
 */
import * as path from "node:path";

/** How to run the app. */
export type AppLaunch =
  | { readonly kind: "entry"; /** The entry file (absolute). */ readonly entry: string }
  | { readonly kind: "shell"; /** The command as cdktf.json gives it. */ readonly command: string };

const RUNNERS: ReadonlySet<string> = new Set(["tsx", "ts-node", "node"]);
/** npx flags that change nothing about how the file runs. */
const NPX_FLAGS: ReadonlySet<string> = new Set(["--no-install", "--no", "-y", "--yes", "--quiet", "-q"]);
/** ts-node flags that only change type-checking or resolution, which tsx does not do anyway. */
const IGNORABLE_RUNNER_FLAGS: ReadonlySet<string> = new Set(["--prefer-ts-exts", "-T", "--transpile-only", "--swc", "--files"]);
const ENTRY_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Parses the `app` command of a project in `projectDir`. */
export function appLaunchOf(command: string, projectDir: string): AppLaunch {
  const words = command.trim().split(/\s+/);
  let index = 0;
  if (words[index] === "npx") {
    index++;
    while (index < words.length && NPX_FLAGS.has(words[index]!)) index++;
  }
  const runner = words[index++];
  const rest = words.slice(index).filter((word) => !IGNORABLE_RUNNER_FLAGS.has(word));
  const shell: AppLaunch = { kind: "shell", command };
  if (runner === undefined || !RUNNERS.has(runner) || rest.length !== 1) return shell;
  const file = rest[0]!;
  if (!ENTRY_FILE.test(file) || /[;&|<>$`'"]/.test(file)) return shell;
  return { kind: "entry", entry: path.resolve(projectDir, file) };
}
