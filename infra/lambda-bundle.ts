/**
 * A Lambda bundle (`dist/handlers/<name>/index.js`, built by `npm run build`) as a byte-reproducible
 * zip and a `TerraformAsset` of type FILE. CDKTF's own ARCHIVE assets carry file mtimes, so their
 * bytes differ between checkouts; this zip has one entry, `index.js`, with a fixed timestamp and fixed
 * compression, so the zip bytes, the asset hash (MD5 of the bytes) and `source_code_hash` are the same
 * on every machine for the same bundle.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { zipSync } from "fflate";

/**
 * The default folder of the handler bundles: `dist/handlers` of the repository when running from source,
 * or of the installed package when running compiled from `dist/lib/infra` (the bundles ship beside it).
 */
export const DEFAULT_HANDLERS_DIR = [path.resolve(__dirname, "..", "dist", "handlers"), path.resolve(__dirname, "..", "..", "handlers")].find((dir) => fs.existsSync(dir)) ?? path.resolve(__dirname, "..", "dist", "handlers");

/** The single entry of every zip: Lambda runs `index.handler`. */
export const BUNDLE_ENTRY = "index.js";

/**
 * The zip entries' timestamp. fflate writes DOS times from *local* date fields, so the date is built
 * from local fields too: the encoded value is 1980-01-01 12:00 in every time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);

/** Thrown when a handler bundle is missing: the handlers have not been built. */
export class MissingBundleError extends Error {
  constructor(
    readonly bundleName: string,
    readonly bundleFile: string,
  ) {
    super(`Lambda bundle "${bundleName}" not found at ${bundleFile}: run npm run build first (it bundles handlers/ into dist/handlers/<name>/index.js)`);
    this.name = "MissingBundleError";
  }
}

/** Zips one bundle file reproducibly: the same input bytes give the same zip bytes. */
export function zipBundle(code: Uint8Array): Uint8Array {
  return zipSync({ [BUNDLE_ENTRY]: [code, { level: 9, mtime: FIXED_MTIME }] });
}

/**
 * Writes the zip of `dist/handlers/<name>/index.js` to a content-addressed file outside the repository
 * and returns its path. The path never reaches the synthesized JSON (CDKTF copies the file into the
 * stack's `assets/` folder and references it relatively).
 */
export function writeBundleZip(handlersDir: string, name: string): string {
  const bundleFile = path.join(handlersDir, name, BUNDLE_ENTRY);
  if (!fs.existsSync(bundleFile)) throw new MissingBundleError(name, bundleFile);
  const zip = zipBundle(fs.readFileSync(bundleFile));
  const digest = createHash("sha256").update(zip).digest("hex");
  const zipFile = path.join(os.tmpdir(), "connect-async-bundles", digest, `${name}.zip`);
  if (!fs.existsSync(zipFile)) {
    fs.mkdirSync(path.dirname(zipFile), { recursive: true });
    const partial = `${zipFile}.${process.pid}.tmp`;
    fs.writeFileSync(partial, zip);
    fs.renameSync(partial, zipFile);
  }
  return zipFile;
}

/** Props of {@link LambdaBundle}. */
export interface LambdaBundleProps {
  /** The bundle's folder name under `handlersDir`, e.g. `start`. */
  readonly name: string;
  /** The folder holding `<name>/index.js`. @default {@link DEFAULT_HANDLERS_DIR} */
  readonly handlersDir?: string;
}

/** A handler bundle as a reproducible zip asset. */
export class LambdaBundle extends Construct {
  /** The asset; `asset.path` is relative to the stack folder. */
  readonly asset: TerraformAsset;

  constructor(scope: Construct, id: string, props: LambdaBundleProps) {
    super(scope, id);
    const zipFile = writeBundleZip(props.handlersDir ?? DEFAULT_HANDLERS_DIR, props.name);
    this.asset = new TerraformAsset(this, "zip", { path: zipFile, type: AssetType.FILE });
  }

  /** The zip's path for `filename`, relative to the stack folder. */
  get filename(): string {
    return this.asset.path;
  }

  /** A trigger that changes exactly when the zip bytes change (MD5 of the zip, from CDKTF). */
  get sourceCodeHash(): string {
    return this.asset.assetHash;
  }
}
