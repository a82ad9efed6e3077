/**
 * The loop strategy's plan (flows/async/loop/loop-plan.ts) against the bounds of issue 17 A, for any
 * wait, lead-in, prompts, poll limit and tolerated errors: the timeout between 95 % of maxWaitSeconds and
 * all of it, success for work done by 90 % of it, or a refusal that names when the wait would give up.
 */
import fc from "fast-check";
import { planAsyncWait } from "../../../flows/async";

describe("planAsyncWait", () => {
  test("for any wait, lead-in, prompts, poll limit and tolerated errors: the timeout between 95 % and 100 % of the wait, or a refusal naming the give-up time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 1800 }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        fc.double({ min: 0.25, max: 12, noNaN: true }),
        fc.option(fc.double({ min: 0.25, max: 12, noNaN: true }), { nil: undefined }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        (maxWaitSeconds, leadInSeconds, holdPromptSeconds, comfortPromptSeconds, comfortEveryTurns, pollInvocationTimeLimitSeconds, maxPollErrors) => {
          const timing = {
            maxWaitSeconds,
            leadInSeconds,
            holdPromptSeconds,
            ...(comfortPromptSeconds !== undefined ? { comfortPromptSeconds, comfortEveryTurns } : {}),
            pollInvocationTimeLimitSeconds,
            maxPollErrors,
          };
          let plan;
          try {
            plan = planAsyncWait(timing);
          } catch (error) {
            // refused only with the numbers: the lead-in leaves no turn, or the wait would give up early
            expect(String(error)).toMatch(/leave no turn before the timeout at [\d.]+ s|would give up after (about )?[\d.]+ s/);
            return;
          }
          const longestPrompt = Math.max(
            ...(comfortPromptSeconds === undefined ? [holdPromptSeconds] : comfortEveryTurns === 1 ? [comfortPromptSeconds] : [holdPromptSeconds, comfortPromptSeconds]),
          );
          // a PENDING answer past D times out: never before 95 % of the wait
          expect(plan.deadlineSeconds).toBeGreaterThanOrEqual(0.95 * maxWaitSeconds - 1e-9);
          // every poll answers by G (it is told so), within the wait; a turn that starts by Z ends its prompt by D
          expect(plan.giveUpSeconds).toBeLessThanOrEqual(maxWaitSeconds);
          expect(plan.giveUpSeconds).toBeGreaterThan(plan.deadlineSeconds);
          // (the plan works in whole milliseconds)
          expect(plan.lastTurnSeconds + longestPrompt).toBeLessThanOrEqual(plan.deadlineSeconds + 0.001);
          // past Z the final poll (a long poll of its limit less 1 s, within Connect's 8 s) covers the rest,
          // or at least keeps the timeout at 95 %
          expect(plan.finalPollSeconds).toBeLessThanOrEqual(8);
          expect(Math.min(plan.deadlineSeconds, plan.lastTurnSeconds + plan.finalPollSeconds - 1)).toBeGreaterThanOrEqual(0.95 * maxWaitSeconds - 1e-9);
          // work done by 90 % is seen by a poll before the deadline check could time out
          expect(0.9 * maxWaitSeconds).toBeLessThan(plan.deadlineSeconds);
          // with no answer at all, the blind turns (each at most the longest prompt and the poll's limit) end within the wait
          expect(plan.blindTurnLoopCount * plan.worstTurnSeconds).toBeLessThanOrEqual(Math.max(maxWaitSeconds, plan.worstTurnSeconds) + 1e-9);
          expect(plan.blindTurnLoopCount).toBeGreaterThanOrEqual(1);
          // the backstop Loop never ends the turns before Z: each turn lasts at least its shortest prompt
          expect(plan.loopCount).toBeLessThanOrEqual(100);
          const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;
          const played = comfortPromptSeconds === undefined ? [holdPromptSeconds] : comfortEveryTurns === 1 ? [comfortPromptSeconds] : [holdPromptSeconds, comfortPromptSeconds];
          const shortestTurn = Math.max(0.25, ms(Math.min(...played)));
          expect((plan.loopCount - 1) * shortestTurn).toBeGreaterThanOrEqual(plan.lastTurnSeconds - 1e-6);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
