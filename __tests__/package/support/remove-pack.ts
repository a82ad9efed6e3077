/** Jest globalTeardown of `npm run test:package`: removes the tarball pack-once.ts wrote. */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { TARBALL_ENVIRONMENT } from "./packed-package";

export default function removePack(): void {
  const tarball = process.env[TARBALL_ENVIRONMENT];
  if (tarball !== undefined) rmSync(path.dirname(tarball), { recursive: true, force: true });
}
