import { expect } from "chai";
import { soak, soakResults } from "../../bench/producer-soak";
import { LocalKinesis, startKinesalite } from "../stream-ingestion/producer/kinesalite";

describe("bench: producer soak harness (a 3-second run)", () => {
  let kinesis: LocalKinesis;
  before(async () => {
    kinesis = await startKinesalite();
  });
  after(async () => {
    await kinesis.stop();
  });

  it("puts at the target rate through the fault proxy and accounts for every event", async () => {
    const outcome = await soak(kinesis, 3, 200);
    // put() back-pressure may slow the loop, never past the clock: at most rate × seconds.
    expect(outcome.accepted).to.be.within(1, 600);
    expect(outcome).to.deep.include({ lost: 0, failed: 0, distinctStored: outcome.accepted });
    expect(outcome.stored).to.be.at.least(outcome.accepted);
    expect(outcome.duplicationRate).to.equal(
      (outcome.stored - outcome.distinctStored) / outcome.distinctStored,
    );
    const faults = Object.values(outcome.faults).reduce((a, b) => a + b, 0);
    expect(faults).to.be.greaterThan(0);
    expect(soakResults(outcome).map((r) => [r.name, r.unit])).to.deep.equal([
      ["producer.soak.events", "events"],
      ["producer.soak.lost", "events"],
      ["producer.soak.failed", "events"],
      ["producer.soak.duplication_rate", "%"],
    ]);
  });
});
