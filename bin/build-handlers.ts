/**
 * Bundles the Lambda handlers (`npm run build`): each of start, poll and demo-backend becomes
 * `dist/handlers/<name>/index.js`, a single CommonJS file exporting `handler`, with the AWS SDK v3
 * bundled so its version is pinned by package-lock.json rather than by the Lambda runtime.
 *
 * The output is deterministic: esbuild is deterministic for the same inputs, the working directory
 * is pinned to the repository root, and minification drops the path comments, so the same sources
 * give the same bytes in any folder on any machine (asset hashes in the synthesized Terraform
 * depend on it). The build fails if an absolute path leaks into a bundle anyway.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";

/** The handlers to bundle: output name → entry source, relative to the repository root. */
export const HANDLER_ENTRIES = {
  start: "handlers/start.ts",
  poll: "handlers/poll.ts",
  "demo-backend": "handlers/demo-backend.ts",
} as const;
export type HandlerBundleName = keyof typeof HANDLER_ENTRIES;

/** Options of {@link buildHandlers}. */
export interface BuildHandlersOptions {
  /** Where `<name>/index.js` go. @default "<repository>/dist/handlers" */
  readonly outDir?: string;
}

/** One bundle written. */
export interface HandlerBundle {
  readonly name: HandlerBundleName;
  /** Absolute path of `index.js`. */
  readonly file: string;
  readonly bytes: number;
}

const REPOSITORY_ROOT = path.resolve(__dirname, "..");

/**
 * What every handler build shares, ours and the benchmarks' baseline alike: one CommonJS file per
 * handler for Lambda's nodejs22.x, resolved from the repository root.
 */
export function handlerBuildBase(outDir: string) {
  return {
    absWorkingDir: REPOSITORY_ROOT,
    entryPoints: Object.entries(HANDLER_ENTRIES).map(([name, source]) => ({ in: source, out: `${name}/index` })),
    outdir: outDir,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
  } as const;
}

/** Bundles every handler; returns what was written. */
export async function buildHandlers(options: BuildHandlersOptions = {}): Promise<HandlerBundle[]> {
  const outDir = path.resolve(options.outDir ?? path.join(REPOSITORY_ROOT, "dist", "handlers"));
  const result = await build({
    ...handlerBuildBase(outDir),
    // The SDK's and Powertools' ES module builds tree-shake better than their CommonJS ones.
    mainFields: ["module", "main"],
    minify: true,
    treeShaking: true,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    metafile: true,
    logLevel: "warning",
  });
  const bundles = Object.keys(HANDLER_ENTRIES).map((name) => {
    const file = path.join(outDir, name, "index.js");
    const output = result.metafile.outputs[path.relative(REPOSITORY_ROOT, file).split(path.sep).join("/")];
    return { name: name as HandlerBundleName, file, bytes: output?.bytes ?? readFileSync(file).length };
  });
  for (const bundle of bundles) assertNoAbsolutePaths(bundle.file);
  return bundles;
}

/** Fails the build when the bundle mentions the folder it was built in. */
function assertNoAbsolutePaths(file: string): void {
  const text = readFileSync(file, "utf8");
  if (text.includes(REPOSITORY_ROOT)) throw new Error(`${file} contains the absolute path ${REPOSITORY_ROOT}; the bundle would differ between machines`);
}

/** `tsx bin/build-handlers.ts [--out-dir <dir>]` */
async function main(argv: ReadonlyArray<string>): Promise<void> {
  const outDirFlag = argv.indexOf("--out-dir");
  const outDir = outDirFlag >= 0 ? argv[outDirFlag + 1] : undefined;
  if (outDirFlag >= 0 && outDir === undefined) throw new Error("--out-dir needs a directory");
  const started = Date.now();
  const bundles = await buildHandlers({ outDir });
  for (const bundle of bundles) {
    console.log(`${path.relative(process.cwd(), bundle.file).padEnd(36)} ${(bundle.bytes / 1024).toFixed(1).padStart(7)} KiB`);
  }
  console.log(`bundled ${bundles.length} handlers in ${Date.now() - started} ms`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
