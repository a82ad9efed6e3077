/**
 * `npm run bench`: runs the figures, prints one table per figure and writes the results as JSON
 * (keys sorted at every level, so the file diffs cleanly; the numbers vary from run to run).
 *
 *   tsx bench/run.ts [--only <figure>[,<figure>…]]… [--quick] [--out <file>]
 *
 * Figures: synth, bundles, poll-latency, metrics-overhead, caller-experience, cost (cost is derived from
 * caller-experience, which then runs too), crowd (`--only crowd` runs it alone). `--quick` runs each figure on a tiny case (the smoke test
 * uses it). A full run writes bench/results/latest.json; a quick or partial one bench/results/quick.json
 * (git-ignored), unless `--out` says otherwise. A figure that fails is reported and the others still run.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundleTables, runBundleBenchmark } from "./bundles";
import { callerExperienceTables, runCallerExperienceBenchmark, type CallerExperienceResult } from "./caller-experience";
import { computeCost, costTables } from "./cost";
import { runCrowdBenchmark } from "./crowd/figure";
import { crowdTables } from "./crowd/tables";
import { pollLatencyTables, runPollLatencyBenchmark } from "./poll-latency";
import { metricsOverheadTables, runMetricsOverheadBenchmark } from "./metrics-overhead";
import { runSynthBenchmark, synthTables } from "./synth";
import { type BenchTable, renderTables } from "./table";

// The AWS SDK's "Node 22 will be required" notice is about the Lambdas' runtime (nodejs22.x), not the
// machine running the benchmarks; children inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** The figures, in the order they run. */
export const FIGURES = ["synth", "bundles", "poll-latency", "metrics-overhead", "caller-experience", "cost", "crowd"] as const;
export type Figure = (typeof FIGURES)[number];

/** Options of {@link runBench}. */
export interface BenchOptions {
  /** @default every figure */
  readonly only?: ReadonlyArray<Figure>;
  readonly quick?: boolean;
  /** Where the JSON goes; undefined writes nothing. */
  readonly outFile?: string;
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

/** What a run produced. */
export interface BenchRun {
  readonly tables: ReadonlyArray<BenchTable>;
  /** The JSON document, keys sorted. */
  readonly json: string;
  readonly failures: ReadonlyArray<{ readonly figure: Figure; readonly message: string }>;
  readonly wallMs: number;
}

const RESULTS_DIR = path.join(__dirname, "results");

/** Sorts object keys at every level (arrays keep their order); NaN and ±Infinity become null. */
export function sortedJson(value: unknown): string {
  const sort = (node: unknown): unknown => {
    if (typeof node === "number") return Number.isFinite(node) ? node : null;
    if (Array.isArray(node)) return node.map(sort);
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(
        Object.keys(node)
          .sort()
          .map((key) => [key, sort((node as { [key: string]: unknown })[key])]),
      );
    }
    return node;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** Runs the selected figures. */
export async function runBench(options: BenchOptions = {}): Promise<BenchRun> {
  const started = Date.now();
  const quick = options.quick ?? false;
  const log = options.log ?? (() => undefined);
  const selected = new Set<Figure>(options.only ?? FIGURES);
  const figures: { [figure: string]: unknown } = {};
  const tables: BenchTable[] = [];
  const failures: Array<{ figure: Figure; message: string }> = [];

  const attempt = async <T>(figure: Figure, run: () => Promise<T>, render: (result: T) => BenchTable[]): Promise<T | undefined> => {
    const figureStarted = Date.now();
    log(`${figure}…`);
    try {
      const result = await run();
      figures[figure] = { ...(result as object), figureWallMs: Date.now() - figureStarted };
      tables.push(...render(result));
      return result;
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ figure, message });
      figures[figure] = { error: message.split("\n")[0] };
      tables.push({ title: `${figure}: FAILED`, columns: ["error"], rows: [[message.split("\n")[0]]] });
      return undefined;
    }
  };

  if (selected.has("synth")) {
    await attempt("synth", () => runSynthBenchmark(quick ? { runs: 1, operationCounts: [1, 10], sweepRuns: 1, log } : { log }), synthTables);
  }
  if (selected.has("bundles")) {
    await attempt("bundles", () => runBundleBenchmark(quick ? { coldStarts: 2, log } : { log }), bundleTables);
  }
  if (selected.has("poll-latency")) {
    await attempt("poll-latency", () => runPollLatencyBenchmark(quick ? { calls: 200, warmup: 20 } : {}), pollLatencyTables);
  }
  if (selected.has("metrics-overhead")) {
    await attempt("metrics-overhead", () => runMetricsOverheadBenchmark(quick ? { calls: 200, warmup: 20 } : {}), metricsOverheadTables);
  }
  let experience: CallerExperienceResult | undefined;
  if (selected.has("caller-experience") || selected.has("cost")) {
    experience = await attempt(
      "caller-experience",
      () => runCallerExperienceBenchmark(quick ? { latenciesMs: [1000, 15000], seeds: [1], callersPerSeed: 3, log } : { log }),
      callerExperienceTables,
    );
  }
  if (selected.has("cost")) {
    await attempt(
      "cost",
      async () => {
        if (experience === undefined) throw new Error("cost needs the caller-experience figure, which failed");
        return computeCost(experience);
      },
      costTables,
    );
  }

  if (selected.has("crowd")) {
    await attempt("crowd", () => runCrowdBenchmark(quick ? { sizes: [20], backendsMs: [5000], accounts: [10], log } : { log }), crowdTables);
  }

  const wallMs = Date.now() - started;
  const json = sortedJson({
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown" },
    quick,
    figures,
    failures: failures.map(({ figure, message }) => ({ figure, message: message.split("\n")[0] })),
    wallMs,
  });
  if (options.outFile !== undefined) {
    mkdirSync(path.dirname(options.outFile), { recursive: true });
    writeFileSync(options.outFile, json);
  }
  return { tables, json, failures, wallMs };
}

/** The command line, parsed. */
export interface BenchArguments {
  readonly only?: ReadonlyArray<Figure>;
  readonly quick: boolean;
  readonly outFile: string;
}

/** Parses `--only`, `--quick`, `--out`; throws naming the bad argument. */
export function parseBenchArguments(argv: ReadonlyArray<string>): BenchArguments {
  const only: Figure[] = [];
  let quick = false;
  let outFile: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--quick") quick = true;
    else if (argument === "--only" || argument === "--out") {
      const value = argv[++index];
      if (value === undefined) throw new Error(`${argument} needs a value`);
      if (argument === "--out") outFile = path.resolve(value);
      else {
        for (const name of value.split(",")) {
          if (!(FIGURES as ReadonlyArray<string>).includes(name)) throw new Error(`--only: unknown figure "${name}"; expected one of ${FIGURES.join(", ")}`);
          only.push(name as Figure);
        }
      }
    } else throw new Error(`unknown argument "${argument}"; usage: tsx bench/run.ts [--only <figure>[,…]] [--quick] [--out <file>]`);
  }
  const partial = quick || only.length > 0;
  return { only: only.length > 0 ? only : undefined, quick, outFile: outFile ?? path.join(RESULTS_DIR, partial ? "quick.json" : "latest.json") };
}

async function main(argv: ReadonlyArray<string>): Promise<number> {
  const args = parseBenchArguments(argv);
  const run = await runBench({ ...args, log: (line) => process.stderr.write(`[bench] ${line}\n`) });
  process.stdout.write(`${renderTables(run.tables)}\n\nbench wall time ${(run.wallMs / 1000).toFixed(1)} s; results in ${path.relative(process.cwd(), args.outFile)}\n`);
  for (const failure of run.failures) process.stderr.write(`\n[bench] ${failure.figure} failed:\n${failure.message}\n`);
  return run.failures.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
