/**
 * `npm run build:generic-module`: regenerates the prebuilt generic module in terraform/connect-async
 * from the handler bundles in dist/handlers (run `npm run build` first; the script does).
 */
import * as path from "node:path";
import { PREBUILT_MODULE_DIR, writeGenericModule } from "./write-generic-module";

const written = writeGenericModule({ outDir: PREBUILT_MODULE_DIR });
process.stdout.write(`Wrote the generic module to ${path.relative(process.cwd(), written.outDir) || "."}:\n${written.files.map((file) => `  ${file}\n`).join("")}`);
