/**
 * The handler bundles a test run uses: `dist/handlers`, which global-setup.ts builds once per Jest run (as
 * `npm run build` builds it), so no test pays for, or races with, a build of its own.
 */
import * as path from "node:path";

export const BUILT_HANDLERS_DIR = path.resolve(__dirname, "..", "..", "dist", "handlers");
