/**
 * Runs `mermaid-parse.mjs` in a child `node` process (mermaid 11 is ESM-only; Jest here is CommonJS) and
 * returns what the real mermaid parser said about each diagram.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export interface MermaidParseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly type?: string;
  readonly error?: string;
}

export function parseWithRealMermaid(diagrams: ReadonlyArray<string>): { exitCode: number | null; results: MermaidParseResult[]; stderr: string } {
  const child = spawnSync(process.execPath, [path.join(__dirname, "mermaid-parse.mjs")], {
    input: JSON.stringify(diagrams),
    encoding: "utf8",
    timeout: 60_000,
  });
  const results = child.stdout.trim() === "" ? [] : (JSON.parse(child.stdout) as MermaidParseResult[]);
  return { exitCode: child.status, results, stderr: child.stderr };
}
