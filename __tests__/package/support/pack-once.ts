/**
 * Jest globalSetup of `npm run test:package`: packs this checkout once (prepack builds the handler bundles,
 * dist/lib and dist/cdktn) for every package test file, and says where through the environment.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MINUTES, REPOSITORY, TARBALL_ENVIRONMENT } from "./packed-package";

export default function packOnce(): void {
  const dir = mkdtempSync(path.join(tmpdir(), "connect-async-packed-"));
  const started = Date.now();
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: REPOSITORY, encoding: "utf8", timeout: 10 * MINUTES }).trim().split("\n").pop()!;
  process.env[TARBALL_ENVIRONMENT] = path.join(dir, packed);
  process.stdout.write(`\nPacked ${packed} in ${((Date.now() - started) / 1000).toFixed(0)} s (Node ${process.versions.node}).\n`);
}
