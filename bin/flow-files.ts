/**
 * The flow files a command was given: files as given, and a folder standing for the `*.json` files
 * directly inside it, in name order (as build-flows writes a project's flows into one folder).
 */
import { readdir, stat } from "node:fs/promises";
import * as path from "node:path";

/** Expands folders; a folder that cannot be listed stays in the list as given, so it gets its own "cannot be read" report. */
export async function expandFlowPaths(paths: ReadonlyArray<string>): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    const names = info?.isDirectory() ? await readdir(given).catch(() => undefined) : undefined;
    if (names !== undefined) {
      files.push(...names.filter((name) => name.endsWith(".json")).sort().map((name) => path.join(given, name)));
    } else {
      files.push(given);
    }
  }
  return files;
}
