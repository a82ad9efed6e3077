/**
 * Figure 5, cost and API pressure, from the per-call counts of figure 4 (the simulator's Lambda
 * invocations and block durations, executions, execution time, table reads and writes) and public
 * us-east-1 list prices. Only what the waiting pattern adds is priced: the backend Lambda runs in every
 * pattern alike, and so do Connect's per-minute charges.
 *
 * Patterns: ours (the event strategy, and the loop strategy) on EXPRESS (the default), the event
 * strategy also on STANDARD; the seed on STANDARD (it polls DescribeExecution, which EXPRESS executions do
 * not support, so it cannot run on EXPRESS), with no DynamoDB. Step Functions API calls themselves
 * (StartExecution, DescribeExecution) are not billed. The event strategy's asynchronous poll runs (and is
 * billed) for as long as it long-polls, and reads the status item every
 * {@link LONG_POLL_READ_INTERVAL_MS} ms meanwhile: its DynamoDB reads per waiting minute are bounded by
 * {@link LONG_POLL_MAX_READS_PER_MINUTE}, and the table shows what they cost.
 *
 * API pressure: N calls waiting at once, at one latency point, by Little's law: each call holds a
 * place for its wait (start Lambda to outcome), so executions start at N × executions per call / wait,
 * and polls run at N × polls per call / wait. The seed's polls are DescribeExecution calls; ours are
 * DynamoDB GetItems (on-demand tables take 40,000 reads/s per table by default).
 */
import { DEFAULT_LONG_POLL_MEMORY_MB } from "../infra/long-poll-defaults";
import { LONG_POLL_MAX_READS_PER_MINUTE, LONG_POLL_READ_INTERVAL_MS } from "../handlers/lib/completion-wait";
import { Pattern, type CallerExperienceResult, type PatternPoint } from "./caller-experience";
import { ratio, round } from "./stats";
import { type BenchTable, fmt } from "./table";

/**
 * List prices, us-east-1, as published on the AWS pricing pages; the Step Functions figures as recorded
 * in reference/aws-terraform-facts.md §A5 (compiled 2026-11-27), the Lambda and DynamoDB figures the
 * ones in force since 2024-11-01 (DynamoDB on-demand was halved that day). Verify before quoting.
 * @see https://aws.amazon.com/step-functions/pricing/
 * @see https://aws.amazon.com/lambda/pricing/
 * @see https://aws.amazon.com/dynamodb/pricing/on-demand/
 */
export const PRICES = {
  asOf: "2026-11-27 (Step Functions, per aws-terraform-facts.md §A5); Lambda and DynamoDB list prices in force since 2024-11-01",
  region: "us-east-1",
  /** Step Functions STANDARD: $0.025 per 1,000 state transitions. */
  standardPerTransition: 0.025 / 1000,
  /** Step Functions EXPRESS: $1.00 per million requests. */
  expressPerRequest: 1.0 / 1e6,
  /** EXPRESS duration, first 1,000 GB-hours a month: $0.06 per GB-hour. */
  expressPerGbSecond: 0.06 / 3600,
  /** EXPRESS bills memory in 64 MB steps (50 MB + definition + data fits the first) and duration in 100 ms steps. */
  expressBilledGb: 64 / 1024,
  expressDurationStepMs: 100,
  /** Lambda: $0.20 per million requests. */
  lambdaPerRequest: 0.2 / 1e6,
  /** Lambda arm64 duration: $0.0000133334 per GB-second (first 7.5 billion GB-s a month). */
  lambdaArmPerGbSecond: 0.0000133334,
  /** start and poll run with 256 MB (infra/connect-async-bridge.ts defaults). */
  lambdaMemoryGb: 256 / 1024,
  /** The long-poll function, billed for its whole wait, runs with the least Lambda allows (infra/long-poll-defaults.ts). */
  longPollMemoryGb: DEFAULT_LONG_POLL_MEMORY_MB / 1024,
  /**
   * DynamoDB on-demand: $0.125 per million read request units (a strongly consistent read of up to 4 KB is
   * one, an eventually consistent read half of one: the long poll's), $0.625 per million write request units.
   */
  dynamoDbPerReadRequestUnit: 0.125 / 1e6,
  dynamoDbPerWrite: 0.625 / 1e6,
} as const;

/**
 * Step Functions quotas, token-bucket refill per second, in us-east-1/us-west-2/eu-west-1
 * (reference/aws-terraform-facts.md §A1; elsewhere DescribeExecution refills 10/s, STANDARD
 * StartExecution 150/s).
 */
export const QUOTAS = {
  describeExecutionPerSecond: 15,
  describeExecutionBucket: 300,
  standardStartExecutionPerSecond: 300,
  standardStartExecutionBucket: 1300,
  expressStartExecutionPerSecond: 6000,
} as const;

/**
 * State transitions per execution on the success path: ours "Invoke target" → "Record success"
 * (infra/state-machine-definition.ts, drop-in); the seed's Pass → Task. Retries would add more.
 */
const TRANSITIONS_PER_EXECUTION = 2;

/** Options of {@link computeCost}. */
export interface CostOptions {
  /** Calls waiting at once. @default [100, 1000, 5000] */
  readonly concurrentCalls?: ReadonlyArray<number>;
  /** The latency point the API rates are taken at. @default 8,000 ms, else the middle point */
  readonly rateLatencyMs?: number;
}

/** Dollars per million calls at one latency. */
export interface CostPoint {
  readonly latencyMs: number;
  /** The event strategy on EXPRESS. */
  readonly oursExpress: number;
  /** The event strategy on STANDARD. */
  readonly oursStandard: number;
  /** The loop strategy on EXPRESS. */
  readonly loopExpress: number;
  readonly seedStandard: number;
  /** oursExpress / seedStandard. */
  readonly oursExpressRatio: number;
  /** loopExpress / seedStandard. */
  readonly loopExpressRatio: number;
  /** Breakdown of the event strategy on EXPRESS, $ per million calls. */
  readonly oursExpressParts: { readonly lambda: number; readonly stepFunctions: number; readonly dynamoDb: number };
  /** The event strategy's status-item reads per minute a caller waits (measured), and their cost (as read request units) per million waiting minutes. */
  readonly oursReadsPerWaitingMinute: number;
  readonly oursReadsPerMillionWaitingMinutes: number;
}

/** API calls per second at one concurrency. */
export interface RatePoint {
  readonly concurrentCalls: number;
  readonly seedDescribeExecutionPerSecond: number;
  readonly seedDescribeExecutionQuotaRatio: number;
  readonly seedStartExecutionPerSecond: number;
  readonly seedStartExecutionQuotaRatio: number;
  readonly oursStartExecutionPerSecond: number;
  readonly oursStartExecutionQuotaRatio: number;
  readonly oursGetItemPerSecond: number;
}

/** The figure's JSON. */
export interface CostResult {
  /** The long poll's bound: at most this many reads per waiting minute, one every readIntervalMs. */
  readonly longPoll: { readonly readIntervalMs: number; readonly maxReadsPerMinute: number };
  readonly prices: typeof PRICES;
  readonly quotas: typeof QUOTAS;
  readonly transitionsPerExecution: number;
  readonly perMillionCalls: ReadonlyArray<CostPoint>;
  readonly rateLatencyMs: number;
  readonly apiRates: ReadonlyArray<RatePoint>;
}

function lambdaCost(point: PatternPoint): number {
  const requests = point.startInvocationsPerCall + point.pollInvocationsPerCall;
  const seconds = (point.startLambdaMsPerCall + point.pollLambdaMsPerCall) / 1000;
  const longPollSeconds = point.longPollLambdaMsPerCall / 1000;
  return requests * PRICES.lambdaPerRequest + (seconds * PRICES.lambdaMemoryGb + longPollSeconds * PRICES.longPollMemoryGb) * PRICES.lambdaArmPerGbSecond;
}

function expressCost(point: PatternPoint): number {
  const billedSeconds = (Math.ceil(point.executionMsMean / PRICES.expressDurationStepMs) * PRICES.expressDurationStepMs) / 1000;
  return point.executionsPerCall * (PRICES.expressPerRequest + billedSeconds * PRICES.expressBilledGb * PRICES.expressPerGbSecond);
}

function standardCost(point: PatternPoint): number {
  return point.executionsPerCall * TRANSITIONS_PER_EXECUTION * PRICES.standardPerTransition;
}

function dynamoDbCost(point: PatternPoint): number {
  return point.tableReadRequestUnitsPerCall * PRICES.dynamoDbPerReadRequestUnit + point.tableWritesPerCall * PRICES.dynamoDbPerWrite;
}

const million = (perCall: number) => round(perCall * 1e6, 2);

/** Dollars per call of the event strategy on EXPRESS (Lambda, Step Functions, the table), as figure 5 prices it. */
export function eventExpressCostPerCall(point: PatternPoint): number {
  return lambdaCost(point) + expressCost(point) + dynamoDbCost(point);
}

/** Dollars per call of the seed pattern on STANDARD (its poll reads Step Functions, not the table), as figure 5 prices it. */
export function seedStandardCostPerCall(point: PatternPoint): number {
  return lambdaCost(point) + standardCost(point);
}

/** Computes figure 5 from figure 4. */
export function computeCost(experience: CallerExperienceResult, options: CostOptions = {}): CostResult {
  const find = (pattern: Pattern, latencyMs: number) => experience.points.find((point) => point.pattern === pattern && point.latencyMs === latencyMs);
  const perMillionCalls = experience.latenciesMs.flatMap((latencyMs): CostPoint[] => {
    const ours = find(Pattern.event, latencyMs);
    const loop = find(Pattern.loop, latencyMs);
    const seed = find(Pattern.seed, latencyMs);
    if (ours === undefined || seed === undefined || loop === undefined) return [];
    const loopExpress = lambdaCost(loop) + expressCost(loop) + dynamoDbCost(loop);
    const waitingMinutes = ours.waitMsMedian / 60_000;
    const readsPerWaitingMinute = ours.waitMsMedian > 0 ? ours.tableReadsPerCall / waitingMinutes : 0;
    const readUnitsPerWaitingMinute = ours.waitMsMedian > 0 ? ours.tableReadRequestUnitsPerCall / waitingMinutes : 0;
    const lambda = lambdaCost(ours);
    const dynamoDb = dynamoDbCost(ours);
    const oursExpress = eventExpressCostPerCall(ours);
    const seedStandard = seedStandardCostPerCall(seed);
    return [
      {
        latencyMs,
        oursExpress: million(oursExpress),
        oursStandard: million(lambda + standardCost(ours) + dynamoDb),
        loopExpress: million(loopExpress),
        seedStandard: million(seedStandard),
        oursExpressRatio: round(ratio(oursExpress, seedStandard), 3),
        loopExpressRatio: round(ratio(loopExpress, seedStandard), 3),
        oursExpressParts: { lambda: million(lambda), stepFunctions: million(expressCost(ours)), dynamoDb: million(dynamoDb) },
        oursReadsPerWaitingMinute: round(readsPerWaitingMinute, 1),
        oursReadsPerMillionWaitingMinutes: million(readUnitsPerWaitingMinute * PRICES.dynamoDbPerReadRequestUnit),
      },
    ];
  });

  const latencies = experience.latenciesMs;
  const rateLatencyMs = options.rateLatencyMs ?? (latencies.includes(8000) ? 8000 : latencies[Math.floor(latencies.length / 2)]);
  const ours = find(Pattern.event, rateLatencyMs);
  const seed = find(Pattern.seed, rateLatencyMs);
  const perSecond = (count: number, point: PatternPoint | undefined, calls: number) => (point === undefined ? Number.NaN : round((calls * count) / (point.waitMsMedian / 1000), 1));
  const apiRates = (options.concurrentCalls ?? [100, 1000, 5000]).map((calls): RatePoint => {
    const describe = perSecond(seed?.pollInvocationsPerCall ?? Number.NaN, seed, calls);
    const seedStarts = perSecond(seed?.executionsPerCall ?? Number.NaN, seed, calls);
    const ourStarts = perSecond(ours?.executionsPerCall ?? Number.NaN, ours, calls);
    return {
      concurrentCalls: calls,
      seedDescribeExecutionPerSecond: describe,
      seedDescribeExecutionQuotaRatio: round(ratio(describe, QUOTAS.describeExecutionPerSecond), 2),
      seedStartExecutionPerSecond: seedStarts,
      seedStartExecutionQuotaRatio: round(ratio(seedStarts, QUOTAS.standardStartExecutionPerSecond), 2),
      oursStartExecutionPerSecond: ourStarts,
      oursStartExecutionQuotaRatio: round(ratio(ourStarts, QUOTAS.expressStartExecutionPerSecond), 3),
      oursGetItemPerSecond: perSecond(ours?.tableReadsPerCall ?? Number.NaN, ours, calls),
    };
  });
  return { longPoll: { readIntervalMs: LONG_POLL_READ_INTERVAL_MS, maxReadsPerMinute: LONG_POLL_MAX_READS_PER_MINUTE }, prices: PRICES, quotas: QUOTAS, transitionsPerExecution: TRANSITIONS_PER_EXECUTION, perMillionCalls, rateLatencyMs, apiRates };
}

/** An API's calls per second and their multiple of its quota: the two cells under the API and "× quota". */
function againstQuota(perSecond: number, quotaRatio: number): string[] {
  return [fmt.perSecond(perSecond), fmt.ratio(quotaRatio)];
}

/** The figure's tables. */
export function costTables(result: CostResult): BenchTable[] {
  return [
    {
      title: `5. Cost of the waiting pattern, $ per million calls (${result.prices.region} list prices; backend Lambda and Connect minutes excluded)`,
      columns: ["backend", "event EXPRESS", "event STANDARD", "loop EXPRESS", "seed STANDARD", "event ÷ seed", "loop ÷ seed", "event: Lambda", "Step Fns", "DynamoDB", "reads / waiting min", "$ / M waiting min"],
      rows: result.perMillionCalls.map((point) => [
        fmt.s(point.latencyMs),
        fmt.dollars(point.oursExpress),
        fmt.dollars(point.oursStandard),
        fmt.dollars(point.loopExpress),
        fmt.dollars(point.seedStandard),
        fmt.ratio(point.oursExpressRatio),
        fmt.ratio(point.loopExpressRatio),
        fmt.dollars(point.oursExpressParts.lambda),
        fmt.dollars(point.oursExpressParts.stepFunctions),
        fmt.dollars(point.oursExpressParts.dynamoDb),
        point.oursReadsPerWaitingMinute.toFixed(0),
        fmt.dollars(point.oursReadsPerMillionWaitingMinutes),
      ]),
      notes: [
        `prices as of ${result.prices.asOf}; ${result.transitionsPerExecution} state transitions per STANDARD execution; Lambda arm64 256 MB billed for the whole Lambda block, the 128 MB long poll for its whole wait`,
        `the event strategy's long poll reads the status item every ${result.longPoll.readIntervalMs} ms: at most ${result.longPoll.maxReadsPerMinute} reads per waiting minute (the measured column includes start's and the fast path's reads)`,
      ],
    },
    {
      title: `5b. Step Functions API calls per second with N calls waiting (backend ${fmt.s(result.rateLatencyMs)}; quotas: DescribeExecution ${result.quotas.describeExecutionPerSecond}/s, StartExecution STANDARD ${result.quotas.standardStartExecutionPerSecond}/s, EXPRESS ${result.quotas.expressStartExecutionPerSecond.toLocaleString("en-US")}/s)`,
      columns: ["N calls", "seed DescribeExecution", "× quota", "seed StartExecution", "× quota", "ours StartExecution", "× quota", "ours GetItem (DynamoDB)"],
      rows: result.apiRates.map((rate) => [
        rate.concurrentCalls.toLocaleString("en-US"),
        ...againstQuota(rate.seedDescribeExecutionPerSecond, rate.seedDescribeExecutionQuotaRatio),
        ...againstQuota(rate.seedStartExecutionPerSecond, rate.seedStartExecutionQuotaRatio),
        ...againstQuota(rate.oursStartExecutionPerSecond, rate.oursStartExecutionQuotaRatio),
        fmt.perSecond(rate.oursGetItemPerSecond),
      ]),
      notes: ["ours makes no DescribeExecution calls at all; rates in the big regions (us-east-1, us-west-2, eu-west-1)"],
    },
  ];
}
