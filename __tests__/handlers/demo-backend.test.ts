import { createDemoBackendHandler } from "../../handlers/demo-backend";
import { connectEvent } from "../support/connect-event";
import { VirtualClock } from "../support/virtual-clock";

describe("demo backend", () => {
  let clock: VirtualClock;
  let backend: ReturnType<typeof createDemoBackendHandler>;
  beforeEach(() => {
    clock = new VirtualClock();
    backend = createDemoBackendHandler({ sleep: clock.sleep });
  });

  it("takes as long as delayMs says and returns a flat account record", async () => {
    // GIVEN a lookup asked to take 2.5 s
    // WHEN it runs
    const result = await backend(connectEvent({ parameters: { accountId: "A-1", delayMs: "2500" } }));

    // THEN 2.5 s passed and the record is flat text (pinned; checked with sha256sum outside this code)
    expect(clock.sleeps).toStrictEqual([2500]);
    expect(result).toStrictEqual({ accountId: "A-1", accountStatus: "ACTIVE", balance: "2601.37", currency: "USD", tier: "STANDARD" });
  });

  it("takes 3 s by default and looks up the contact when no account is given", async () => {
    // GIVEN no parameters
    // WHEN it runs
    const result = await backend(connectEvent({ contactId: "contact-9" }));

    // THEN it used the default latency and the ContactId
    expect(clock.sleeps).toStrictEqual([3000]);
    expect(result.accountId).toBe("contact-9");
  });

  it("answers the same for the same account and differently for another", async () => {
    // GIVEN two accounts
    // WHEN each is looked up twice
    const [a1, a2, b] = await Promise.all(["A-1", "A-1", "B-2"].map((accountId) => backend(connectEvent({ parameters: { accountId, delayMs: "0" } }))));

    // THEN results repeat per account
    expect(a1).toStrictEqual(a2);
    expect(b.balance).not.toBe(a1.balance);
  });

  it.each([
    { case: '"true"', fail: "true", name: "BackendUnavailableError" },
    { case: "an error name", fail: "ThrottlingException", name: "ThrottlingException" },
  ])("throws a named error after the delay when fail is $case", async ({ fail, name }) => {
    // GIVEN a lookup asked to fail after 100 ms
    // WHEN it runs
    const outcome = backend(connectEvent({ parameters: { fail, delayMs: "100" } }));

    // THEN it rejects with that name (Step Functions' error name), after the delay
    await expect(outcome).rejects.toMatchObject({ name });
    expect(clock.sleeps).toStrictEqual([100]);
  });

  it.each([
    { case: "a delay that is not a number", parameters: { delayMs: "soon" } },
    { case: "a delay over the EXPRESS limit", parameters: { delayMs: "400000" } },
    { case: "a fail value that is not an error name", parameters: { fail: "no way!" } },
  ])("rejects $case at once", async ({ parameters }) => {
    // GIVEN bad demo input
    // WHEN it runs
    // THEN it fails without waiting
    await expect(backend(connectEvent({ parameters }))).rejects.toMatchObject({ name: "InvalidDemoInputError" });
    expect(clock.sleeps).toStrictEqual([]);
  });
});
