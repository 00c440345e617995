/**
 * The request checks cover the code, not a list: every SDK command the shipped source constructs
 * (read from components/ and cli/) is sent by one of the scenarios and so held to its model. A new
 * call without a scenario fails here, naming the file and the operation.
 */
import { expect } from "chai";
import { sdkCallsInSource } from "./sdk-calls";
import {
  producerRequests,
  realtimeRequests,
  trainRequests,
  triggerRequests,
} from "./scenarios/clients";
import { eventsAtLimits, putEventsRequests, recommendRequests } from "./scenarios/handlers";
import { collectorRequests } from "./scenarios/collector";
import { authorityPlan } from "../plans";
import { providerRequests } from "./scenarios/providers";
import { unquoteHeaderRequests } from "./scenarios/unquote-header";
import { servingRequests } from "./scenarios/serving";
import { shippedPlans } from "./shipped";
import { type ApiRequest, answerProblemsOf, problemsOf } from "./validate";

describe("API-model checks cover every SDK call in the source", function () {
  this.timeout(300_000);
  let sent: ApiRequest[];
  before(async () => {
    const plans = await shippedPlans();
    const events = eventsAtLimits();
    sent = [
      ...(await providerRequests(plans)),
      ...(await putEventsRequests(plans, events)),
      ...(await recommendRequests(plans)).requests,
      ...(await unquoteHeaderRequests(plans)),
      ...(await producerRequests(plans, events)),
      ...(await realtimeRequests(plans, events)),
      ...(await triggerRequests(plans)),
      ...(await trainRequests(plans)),
      ...(await servingRequests(plans)),
      // The shipped stacks have no collector; the authority configurations do.
      ...(await collectorRequests(
        [await authorityPlan("prod-adopted-stream"), await authorityPlan("dev-flink-campaign")],
        events,
      )),
    ];
  });

  it("finds the SDK calls of the handlers, providers, trigger, producer, speed layer and CLI", () => {
    // A component file is named by its folder; anything else by its own path.
    const where = (file: string) =>
      file.startsWith("components/") ? file.slice(0, file.lastIndexOf("/")) : file;
    const files = new Set(sdkCallsInSource().map((c) => where(c.file)));
    expect([...files].sort()).to.deep.equal([
      "cli/train.ts",
      "components/http-collector/handler",
      "components/kpi-serving/handler",
      "components/personalize-providers",
      "components/personalize-recommender/api",
      "components/personalize-recommender/events",
      "components/realtime-analytics/lambda",
      "components/realtime-analytics/view",
      "components/stream-ingestion/producer",
      "components/training-pipeline",
      "components/training-pipeline/unquote-header",
    ]);
  });

  it("every operation the source can call was sent by a scenario, and every request was valid", () => {
    const covered = new Set(sent.map((r) => `${r.service}:${r.operation}`));
    const missing = sdkCallsInSource()
      .filter((c) => !covered.has(`${c.service}:${c.operation}`))
      .map((c) => `${c.file}: ${c.service}:${c.operation} is sent by no API-model scenario`);
    expect(missing.join("\n")).to.equal("");
    expect(problemsOf(sent)).to.equal("");
  });

  it("every fake's answer to those requests is one the API model allows", async () => {
    expect(sent.filter((r) => r.answered).length).to.be.greaterThan(300);
    expect(await answerProblemsOf(sent)).to.equal("");
  });
});
