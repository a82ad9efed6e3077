/**
 * Writes connect-async for CDK Terrain (`connect-async/cdktn`, in dist/cdktn) from the library compiled
 * once for CDKTF (dist/lib, by `tsc -p tsconfig.build.json`): every file copied, with the engine's module
 * specifiers in .js and .d.ts rewritten (`cdktf` → `cdktn`, `@cdktf/provider-aws/lib/X` →
 * `@cdktn/provider-aws/lib/X`). So the two flavours cannot drift: one source, one compilation, and the
 * declarations of dist/cdktn name cdktn's types. Run by `npm run build:lib` (and so by prepack).
 *
 * The build fails when a CDKTF specifier survives, and, when `@cdktn/provider-aws` can be resolved, when a
 * rewritten deep import names a resource module it does not have. Where it cannot be resolved (this
 * repository does not install CDK Terrain), the package test runs the same check against the provider a
 * cdktn scaffold installs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE, ENGINES } from "./engine/engines";
import { engineSpecifiersOf, rewriteEngineImports } from "./engine/rewrite-engine-imports";

const REPOSITORY_ROOT = path.resolve(__dirname, "..");

/** Options of {@link buildCdktnFlavour}. */
export interface BuildFlavourOptions {
  /** The compiled CDKTF library. @default "<repository>/dist/lib" */
  readonly from?: string;
  /** Where the CDK Terrain flavour goes; replaced. @default "<repository>/dist/cdktn" */
  readonly to?: string;
}

/** What was written. */
export interface BuiltFlavour {
  readonly to: string;
  readonly files: number;
  /** Every `@cdktn/provider-aws/lib/…` module the flavour imports, sorted. */
  readonly providerImports: ReadonlyArray<string>;
}

/** A rewrite that left an engine specifier behind, or a deep import the provider lacks. */
export class FlavourBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlavourBuildError";
  }
}

/** Copies `from` to `to`, rewriting .js and .d.ts; throws {@link FlavourBuildError} on a CDKTF specifier left. */
export function buildCdktnFlavour(options: BuildFlavourOptions = {}): BuiltFlavour {
  const from = options.from ?? path.join(REPOSITORY_ROOT, "dist", ENGINES.cdktf.distFolder);
  const to = options.to ?? path.join(REPOSITORY_ROOT, "dist", ENGINES.cdktn.distFolder);
  if (!fs.existsSync(from)) throw new FlavourBuildError(`${from} does not exist: compile the library first (tsc -p tsconfig.build.json)`);
  fs.rmSync(to, { recursive: true, force: true });
  const providerImports = new Set<string>();
  const leftovers: string[] = [];
  const files = listFiles(from);
  for (const file of files) {
    const target = path.join(to, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!/\.(js|d\.ts)$/.test(file)) {
      fs.copyFileSync(path.join(from, file), target);
      continue;
    }
    const rewritten = rewriteEngineImports(fs.readFileSync(path.join(from, file), "utf8"), ENGINE.cdktf, ENGINE.cdktn);
    for (const specifier of rewritten.providerImports) providerImports.add(specifier);
    for (const specifier of engineSpecifiersOf(rewritten.text, ENGINE.cdktf)) leftovers.push(`${file}: ${specifier}`);
    fs.writeFileSync(target, rewritten.text);
  }
  if (leftovers.length > 0) throw new FlavourBuildError(`the CDK Terrain flavour still imports CDKTF (extend rewriteEngineImports to cover this form):\n  ${leftovers.join("\n  ")}`);
  return { to, files: files.length, providerImports: [...providerImports].sort() };
}

/**
 * The deep imports that `providerDir` (an installed `@cdktn/provider-aws`) has no module for: each
 * `@cdktn/provider-aws/lib/X` needs `lib/X/index.js` or `lib/X.js`.
 */
export function missingProviderModules(providerImports: ReadonlyArray<string>, providerDir: string): string[] {
  const prefix = `${ENGINES.cdktn.provider}/`;
  return providerImports.filter((specifier) => {
    const relative = specifier.slice(prefix.length);
    return !fs.existsSync(path.join(providerDir, relative, "index.js")) && !fs.existsSync(path.join(providerDir, `${relative}.js`));
  });
}

/** The `@cdktn/provider-aws` folder resolvable from `from`, if any. */
export function resolvableCdktnProvider(from: string = REPOSITORY_ROOT): string | undefined {
  try {
    return path.dirname(require.resolve(`${ENGINES.cdktn.provider}/package.json`, { paths: [from] }));
  } catch {
    return undefined;
  }
}

function listFiles(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(dir, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)]))
    .sort();
}

function main(): void {
  const built = buildCdktnFlavour();
  const provider = resolvableCdktnProvider();
  const shown = path.relative(process.cwd(), built.to) || ".";
  if (provider === undefined) {
    console.log(`Wrote the CDK Terrain flavour to ${shown} (${built.files} files, ${built.providerImports.length} provider modules; not checked here: no ${ENGINES.cdktn.provider} installed, the package test checks them).`);
    return;
  }
  const missing = missingProviderModules(built.providerImports, provider);
  if (missing.length > 0) throw new FlavourBuildError(`${ENGINES.cdktn.provider} (${provider}) has no module for: ${missing.join(", ")}`);
  console.log(`Wrote the CDK Terrain flavour to ${shown} (${built.files} files; all ${built.providerImports.length} provider modules exist in ${provider}).`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`build-engine-flavour: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
