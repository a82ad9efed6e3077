/**
 * The engine this copy of connect-async was built for, for the commands' messages (`npx cdktn diff` in a
 * CDK Terrain project): dist/cdktn/… is the CDK Terrain flavour; dist/lib/… and the TypeScript sources of
 * a checkout are CDKTF. Found from the file's place, so it loads no engine.
 */
import * as path from "node:path";
import { ENGINE, ENGINES, type Engine } from "./engines";

/** `dir` is this module's folder: `<package>/dist/<flavour>/bin/engine` when built, `<checkout>/bin/engine` from source. */
export function currentEngine(dir: string = __dirname): Engine {
  const flavourDir = path.resolve(dir, "..", "..");
  if (path.basename(path.dirname(flavourDir)) !== "dist") return ENGINE.cdktf;
  return (Object.keys(ENGINES) as Engine[]).find((engine) => ENGINES[engine].distFolder === path.basename(flavourDir)) ?? ENGINE.cdktf;
}
