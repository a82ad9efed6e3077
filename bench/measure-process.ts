/**
 * Runs a command in a fresh Node process and measures it: wall time from spawn to exit (Node's start,
 * module loading and the work) and peak resident memory. Peak RSS is exact rather than polled: a
 * preloaded script (peak-rss-reporter.cjs) writes `process.resourceUsage().maxRSS` when the child exits.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** One measured run. */
export interface ProcessSample {
  readonly wallMs: number;
  /** Peak RSS in bytes. */
  readonly peakRssBytes: number;
  /** What the child printed on stdout (some benchmarks report in-process timings this way). */
  readonly stdout: string;
}

/** Options of {@link measureNodeProcess}. */
export interface MeasureOptions {
  /** Node arguments before the script, e.g. `["--import", "tsx"]`. */
  readonly nodeArgs?: ReadonlyArray<string>;
  /** The script (and its arguments). */
  readonly args: ReadonlyArray<string>;
  readonly cwd: string;
  /** Extra environment variables (merged over the parent's). */
  readonly env?: { readonly [name: string]: string };
  /** Kill the child after this long. @default 120 s */
  readonly timeoutMs?: number;
}

const REPORTER = path.join(__dirname, "peak-rss-reporter.cjs");

/** Runs `node <nodeArgs> <args>` once; rejects with the child's stderr when it fails. */
export async function measureNodeProcess(options: MeasureOptions): Promise<ProcessSample> {
  const dir = mkdtempSync(path.join(tmpdir(), "connect-async-bench-rss-"));
  const rssFile = path.join(dir, "rss.json");
  try {
    const started = process.hrtime.bigint();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--require", REPORTER, ...(options.nodeArgs ?? []), ...options.args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env, BENCH_PEAK_RSS_FILE: rssFile },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
      child.on("error", reject);
      child.on("close", (exitCode) => {
        clearTimeout(timer);
        resolve({ code: exitCode, stdout: out, stderr: err });
      });
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (code !== 0) {
      // Lead with the first line naming an error, so one-line reports say what went wrong.
      const headline = stderr.split("\n").find((line) => /\w*Error\b/.test(line)) ?? "";
      throw new Error(`${options.args[0]} exited with ${code}: ${headline.trim()}\n${stderr.slice(-2000)}`);
    }
    const { maxRssKiB } = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRssKiB: number };
    return { wallMs, peakRssBytes: maxRssKiB * 1024, stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
