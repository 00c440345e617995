import { expect } from "chai";
import {
  WaitTimeoutError,
  backoffDelays,
  waitFor,
} from "../../components/personalize-providers/waiter";
import { fakeClock } from "./helpers";

describe("Personalize waiter", () => {
  it("backs off exponentially and levels off at the maximum delay", () => {
    expect(
      backoffDelays({ initialDelayMs: 2000, maxDelayMs: 30000, multiplier: 2, timeoutMs: 1 }, 6),
    ).to.deep.equal([2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("returns the value of the first poll that is done, pausing between polls", async () => {
    const { wait, sleeps } = fakeClock();
    const answers = [
      { done: false, status: "CREATE PENDING" },
      { done: false, status: "CREATE IN_PROGRESS" },
      { done: true, value: 42 },
    ] as const;
    let i = 0;
    const result = await waitFor("x", async () => answers[i++], wait);
    expect(result).to.equal(42);
    expect(sleeps).to.deep.equal([10, 20]);
  });

  it("gives up at the deadline with the last status and how to resume", async () => {
    const { wait, sleeps } = fakeClock(100);
    const error = await waitFor(
      'Personalize filter "f" to become ACTIVE',
      async () => ({ done: false, status: "CREATE IN_PROGRESS" }),
      wait,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(WaitTimeoutError);
    expect((error as Error).message).to.equal(
      'Timed out after 0 s waiting for Personalize filter "f" to become ACTIVE (last status "CREATE IN_PROGRESS"). ' +
        "Personalize may still finish it: run `pulumi refresh` to record its current state, then `pulumi up` again.",
    );
    // Never sleeps past the deadline: 10 + 20 + 40 + 30 = 100.
    expect(sleeps).to.deep.equal([10, 20, 40, 30]);
  });

  it("stops at once when the poll throws", async () => {
    const { wait, sleeps } = fakeClock();
    const error = await waitFor(
      "x",
      async () => {
        throw new Error("CREATE FAILED");
      },
      wait,
    ).catch((e: Error) => e);
    expect((error as Error).message).to.equal("CREATE FAILED");
    expect(sleeps).to.deep.equal([]);
  });
});
