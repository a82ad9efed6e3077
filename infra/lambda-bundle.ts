/**
 * A Lambda bundle (`dist/handlers/<name>/index.js`, built by `npm run build`) as a byte-reproducible
 * zip and a `TerraformAsset` of type FILE. CDKTF's own ARCHIVE assets carry file mtimes, so their
 * bytes differ between checkouts; this zip has `index.js` and any extra files (the bridge adds
 * `operations.json`) in name order, each with a fixed timestamp and fixed compression, so the zip
 * bytes, the asset hash (MD5 of the bytes) and `source_code_hash` are the same on every machine for
 * the same content.
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

/** The entry Lambda runs in every zip (`index.handler`); the zip may hold data files beside it (operations.json). */
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

/** Files shipped beside `index.js`, by name (a plain file name: Lambda unpacks them next to it). */
export type BundleFiles = { readonly [fileName: string]: string | Uint8Array };

const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Thrown when an extra file's name would not land beside `index.js`, or would replace it. */
export class BundleFileNameError extends Error {
  constructor(readonly fileName: string) {
    super(`bundle file "${fileName}": give a plain file name other than ${BUNDLE_ENTRY} (letters, digits, '.', '_', '-'; no folders)`);
    this.name = "BundleFileNameError";
  }
}

/**
 * Zips a bundle reproducibly: the same bytes in give the same zip bytes out, whatever order `files`
 * was built in (entries are sorted by name).
 */
export function zipBundle(code: Uint8Array, files: BundleFiles = {}): Uint8Array {
  const entries: Array<[string, Uint8Array]> = [[BUNDLE_ENTRY, code]];
  for (const [fileName, content] of Object.entries(files)) {
    if (fileName === BUNDLE_ENTRY || !PLAIN_FILE_NAME.test(fileName)) throw new BundleFileNameError(fileName);
    entries.push([fileName, typeof content === "string" ? new TextEncoder().encode(content) : content]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return zipSync(Object.fromEntries(entries.map(([fileName, bytes]) => [fileName, [bytes, { level: 9, mtime: FIXED_MTIME }]])));
}

/**
 * Writes the zip of `dist/handlers/<name>/index.js` to a content-addressed file outside the repository
 * and returns its path. The path never reaches the synthesized JSON (CDKTF copies the file into the
 * stack's `assets/` folder and references it relatively).
 */
export function writeBundleZip(handlersDir: string, name: string, files: BundleFiles = {}): string {
  const bundleFile = path.join(handlersDir, name, BUNDLE_ENTRY);
  if (!fs.existsSync(bundleFile)) throw new MissingBundleError(name, bundleFile);
  const zip = zipBundle(fs.readFileSync(bundleFile), files);
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
  /** Files to ship beside `index.js` (configuration known at synth, e.g. `operations.json`). @default none */
  readonly files?: BundleFiles;
}

/** A handler bundle as a reproducible zip asset. */
export class LambdaBundle extends Construct {
  /** The asset; `asset.path` is relative to the stack folder. */
  readonly asset: TerraformAsset;
  /** The zip written at construction (an absolute path outside the repository; never synthesized). */
  readonly zipFile: string;

  constructor(scope: Construct, id: string, props: LambdaBundleProps) {
    super(scope, id);
    this.zipFile = writeBundleZip(props.handlersDir ?? DEFAULT_HANDLERS_DIR, props.name, props.files);
    this.asset = new TerraformAsset(this, "zip", { path: this.zipFile, type: AssetType.FILE });
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
