/**
 * Figure 2, Lambda bundles: size (raw and gzip -9, a proxy for the deployed zip) of each handler
 * bundle, and the poll bundle's cold start, each against a baseline bundle of the same handler.
 *
 * Ours: `bin/build-handlers.ts` exactly as `npm run build` runs it (minified, the SDK's ES-module
 * builds via `mainFields: ["module", "main"]`, so esbuild tree-shakes the unused commands away).
 *
 * Baseline, what "bundle it with esbuild" gives without those choices: the same entry, `bundle: true,
 * platform: "node"`, esbuild's defaults otherwise — no minification, and node's default
 * `mainFields` (`main` first), which resolves `@aws-sdk/client-dynamodb` and every other package to its
 * CommonJS package index (`dist-cjs/index.js`). A CommonJS index cannot be tree-shaken, so the bundle
 * carries every command and paginator of the client: the same as importing the whole package index.
 *
 * Cold start: a fresh `node` process, in a folder with no node_modules, `require`s the bundle and
 * answers one `poll` for a pending request in dynalite (reached through AWS_ENDPOINT_URL_DYNAMODB, as
 * in Lambda). Timed inside the child with `performance.now()` from just before `require` to the
 * answer (module load, client set-up, first HTTP connection and GetItem); Node's own start-up, the
 * same for both, is reported separately as the process's wall time. Ours and baseline alternate.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { buildHandlers, handlerBuildBase, HANDLER_ENTRIES, type HandlerBundleName } from "../bin/build-handlers";
import { startLocalStatusTable, pollEvent } from "./local-status-table";
import { measureNodeProcess } from "./measure-process";
import { median, ratio, round } from "./stats";
import { type BenchTable, fmt } from "./table";

/** Options of {@link runBundleBenchmark}. */
export interface BundleBenchOptions {
  /** Cold starts per variant. @default 10 */
  readonly coldStarts?: number;
  readonly log?: (line: string) => void;
}

interface BundleSize {
  readonly name: HandlerBundleName;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly baselineRawBytes: number;
  readonly baselineGzipBytes: number;
  readonly rawRatio: number;
  readonly gzipRatio: number;
}

interface ColdStartSummary {
  /** require + first answer, ms (median). */
  readonly coldStartMsMedian: number;
  /** require alone, ms (median). */
  readonly loadMsMedian: number;
  /** the first poll alone, ms (median). */
  readonly firstPollMsMedian: number;
  /** process wall time, spawn to exit (Node's start-up included), ms (median). */
  readonly processWallMsMedian: number;
  readonly peakRssMiBMedian: number;
  readonly coldStartMs: ReadonlyArray<number>;
}

/** The figure's JSON. */
export interface BundleResult {
  readonly sizes: ReadonlyArray<BundleSize>;
  readonly coldStarts: number;
  readonly pollColdStart: { readonly ours: ColdStartSummary; readonly baseline: ColdStartSummary; readonly coldStartRatio: number; readonly loadRatio: number; readonly answer: string };
}

/** Builds the baseline bundles (see the file comment) into `outDir`. */
export async function buildBaselineBundles(outDir: string): Promise<void> {
  await build({ ...handlerBuildBase(outDir), logLevel: "error" });
}

/** The child's script: load the bundle, answer one poll, print the in-process timings. */
function coldStartScript(bundleFile: string): string {
  return [
    `const loadStart = performance.now();`,
    `const { handler } = require(${JSON.stringify(bundleFile)});`,
    `const loaded = performance.now();`,
    `handler(${JSON.stringify(pollEvent())}).then((answer) => {`,
    `  const answered = performance.now();`,
    `  process.stdout.write("\\nBENCH " + JSON.stringify({ loadMs: loaded - loadStart, firstPollMs: answered - loaded, status: answer.asyncStatus }) + "\\n");`,
    `});`,
  ].join("\n");
}

interface ColdStartSample {
  readonly loadMs: number;
  readonly firstPollMs: number;
  readonly wallMs: number;
  readonly peakRssBytes: number;
  readonly status: string;
}

async function coldStartOnce(bundleFile: string, env: { readonly [name: string]: string }): Promise<ColdStartSample> {
  const sample = await measureNodeProcess({ args: ["-e", coldStartScript(bundleFile)], cwd: path.dirname(bundleFile), env: { ...env, POWERTOOLS_LOG_LEVEL: "SILENT" } });
  const line = sample.stdout.split("\n").find((text) => text.startsWith("BENCH "));
  if (line === undefined) throw new Error(`cold start of ${bundleFile} printed no timing:\n${sample.stdout.slice(-1000)}`);
  const parsed = JSON.parse(line.slice("BENCH ".length)) as { loadMs: number; firstPollMs: number; status: string };
  return { ...parsed, wallMs: sample.wallMs, peakRssBytes: sample.peakRssBytes };
}

function summarizeColdStarts(samples: ReadonlyArray<ColdStartSample>): ColdStartSummary {
  const coldStartMs = samples.map((sample) => round(sample.loadMs + sample.firstPollMs, 1));
  return {
    coldStartMsMedian: round(median(coldStartMs), 1),
    loadMsMedian: round(median(samples.map((sample) => sample.loadMs)), 1),
    firstPollMsMedian: round(median(samples.map((sample) => sample.firstPollMs)), 1),
    processWallMsMedian: round(median(samples.map((sample) => sample.wallMs)), 1),
    peakRssMiBMedian: round(median(samples.map((sample) => sample.peakRssBytes / 1024 / 1024)), 0),
    coldStartMs,
  };
}

/** Runs figure 2. */
export async function runBundleBenchmark(options: BundleBenchOptions = {}): Promise<BundleResult> {
  const coldStarts = options.coldStarts ?? 10;
  const log = options.log ?? (() => undefined);
  const work = mkdtempSync(path.join(tmpdir(), "connect-async-bench-bundles-"));
  const oursDir = path.join(work, "ours");
  const baselineDir = path.join(work, "baseline");
  mkdirSync(oursDir);
  mkdirSync(baselineDir);
  const table = await startLocalStatusTable();
  try {
    await buildHandlers({ outDir: oursDir });
    await buildBaselineBundles(baselineDir);
    const sizes = (Object.keys(HANDLER_ENTRIES) as HandlerBundleName[]).map((name): BundleSize => {
      const ours = readFileSync(path.join(oursDir, name, "index.js"));
      const baseline = readFileSync(path.join(baselineDir, name, "index.js"));
      const gzip = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;
      return {
        name,
        rawBytes: ours.length,
        gzipBytes: gzip(ours),
        baselineRawBytes: baseline.length,
        baselineGzipBytes: gzip(baseline),
        rawRatio: round(ratio(ours.length, baseline.length), 3),
        gzipRatio: round(ratio(gzip(ours), gzip(baseline)), 3),
      };
    });

    const ourSamples: ColdStartSample[] = [];
    const baselineSamples: ColdStartSample[] = [];
    for (let run = 0; run < coldStarts; run++) {
      ourSamples.push(await coldStartOnce(path.join(oursDir, "poll", "index.js"), table.handlerEnvironment));
      baselineSamples.push(await coldStartOnce(path.join(baselineDir, "poll", "index.js"), table.handlerEnvironment));
    }
    const answers = new Set([...ourSamples, ...baselineSamples].map((sample) => sample.status));
    if (answers.size !== 1 || !answers.has("PENDING")) throw new Error(`the poll bundles answered ${[...answers].join(", ")}, expected PENDING`);
    const ours = summarizeColdStarts(ourSamples);
    const baseline = summarizeColdStarts(baselineSamples);
    log(`bundles: poll cold start ${ours.coldStartMsMedian} ms vs baseline ${baseline.coldStartMsMedian} ms`);
    return {
      sizes,
      coldStarts,
      pollColdStart: {
        ours,
        baseline,
        coldStartRatio: round(ratio(ours.coldStartMsMedian, baseline.coldStartMsMedian), 3),
        loadRatio: round(ratio(ours.loadMsMedian, baseline.loadMsMedian), 3),
        answer: "PENDING",
      },
    };
  } finally {
    await table.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** One size beside the baseline's and their ratio: the three cells under "raw" (or "gzip -9"), "baseline", "ratio". */
function againstBaseline(bytes: number, baselineBytes: number, sizeRatio: number): string[] {
  return [fmt.kib(bytes), fmt.kib(baselineBytes), fmt.ratio(sizeRatio)];
}

/** The figure's tables. */
export function bundleTables(result: BundleResult): BenchTable[] {
  const { ours, baseline } = result.pollColdStart;
  return [
    {
      title: "2. Lambda bundles: size (baseline: esbuild defaults, unminified, SDK from its CommonJS package index)",
      columns: ["bundle", "raw", "baseline", "ratio", "gzip -9", "baseline", "ratio"],
      rows: result.sizes.map((size) => [
        size.name,
        ...againstBaseline(size.rawBytes, size.baselineRawBytes, size.rawRatio),
        ...againstBaseline(size.gzipBytes, size.baselineGzipBytes, size.gzipRatio),
      ]),
    },
    {
      title: `2b. poll cold start: fresh node, require + first poll against dynalite, median of ${result.coldStarts}`,
      columns: ["variant", "require+poll", "ratio", "require", "first poll", "process wall", "peak RSS"],
      rows: [
        ["ours", fmt.ms(ours.coldStartMsMedian), fmt.ratio(result.pollColdStart.coldStartRatio), fmt.ms(ours.loadMsMedian), fmt.ms(ours.firstPollMsMedian), fmt.ms(ours.processWallMsMedian), `${ours.peakRssMiBMedian} MiB`],
        ["baseline", fmt.ms(baseline.coldStartMsMedian), "1.00×", fmt.ms(baseline.loadMsMedian), fmt.ms(baseline.firstPollMsMedian), fmt.ms(baseline.processWallMsMedian), `${baseline.peakRssMiBMedian} MiB`],
      ],
    },
  ];
}
