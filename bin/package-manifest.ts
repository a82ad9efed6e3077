/**
 * connect-async's own package.json, found from this file wherever it runs: `bin/` of a checkout, or
 * `dist/lib/bin/` of the installed package. `--version` and `init` (which pins the scaffold to this
 * version and to the versions of CDKTF it was built with) read it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The fields connect-async reads. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  /** The folder holding package.json (absolute). */
  readonly dir: string;
  readonly dependencies: { readonly [name: string]: string };
  readonly devDependencies: { readonly [name: string]: string };
  readonly peerDependencies: { readonly [name: string]: string };
  readonly engines: { readonly [name: string]: string };
}

const PACKAGE_NAME = "connect-async";

/** The nearest package.json named connect-async above this file. */
export function packageManifest(from: string = __dirname): PackageManifest {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Omit<PackageManifest, "dir">>;
      if (parsed.name === PACKAGE_NAME) {
        return {
          name: PACKAGE_NAME,
          version: String(parsed.version),
          dir,
          dependencies: parsed.dependencies ?? {},
          devDependencies: parsed.devDependencies ?? {},
          peerDependencies: parsed.peerDependencies ?? {},
          engines: parsed.engines ?? {},
        };
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} above ${from}`);
  }
}
