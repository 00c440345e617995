/**
 * The recommender's Lambda handlers send requests the Personalize and Kinesis models accept, for
 * every schema-valid event and query — checked with values at the schema's limits.
 */
import { expect } from "chai";
import { validateEvent } from "../../../events";
import {
  eventsAtLimits,
  longest,
  putEventsRequests,
  recommendRequests,
} from "./scenarios/handlers";
import { unquoteHeaderRequests } from "./scenarios/unquote-header";
import { shippedPlans } from "./shipped";
import { problemsOf } from "./validate";

describe("Lambda handlers' requests against the API models", function () {
  this.timeout(120_000);

  it("put-events: a batch at the schema's limits becomes valid PutEvents requests", async () => {
    const requests = await putEventsRequests(await shippedPlans(), eventsAtLimits());
    // 12 interactions of one session per stack: calls of 10 and 2, each stack's tracker.
    expect(requests.map((r) => (r.input as any).eventList.length)).to.deep.equal([10, 2, 10, 2]);
    expect(problemsOf(requests)).to.equal("");
  });

  it("put-events: a recommendation_id the schema allows is one PutEvents accepts", async () => {
    // The longest id the schema allows must pass; one character more must fail the schema.
    const id = longest("recommendation_id", "r");
    const requests = await putEventsRequests(await shippedPlans(), eventsAtLimits(id));
    expect(problemsOf(requests)).to.equal("");
    const tooLong = { ...eventsAtLimits()[0], event_type: "click", item_id: "i", channel: "c" };
    expect(validateEvent({ ...tooLong, recommendation_id: `${id}x` }).valid).to.equal(false);
  });

  it("recommend: Personalize and fallback answers send valid requests and log schema-valid impressions", async () => {
    const plans = await shippedPlans();
    const { requests, logged } = await recommendRequests(plans);
    expect([...new Set(requests.map((r) => `${r.service}:${r.operation}`))].sort()).to.deep.equal([
      "kinesis:PutRecords",
      "personalize-runtime:GetRecommendations",
    ]);
    expect(problemsOf(requests)).to.equal("");
    expect(logged.filter((e) => !validateEvent(e).valid)).to.deep.equal([]);
    // What the API logged is what put-events forwards: those requests are valid too.
    // A click on the first item of every list served, Personalize's and the fallback's.
    const lists = [...new Map(logged.map((e) => [e.recommendation_id, e])).values()];
    expect(lists.map((e) => e.recommendation_id!.split("-")[0])).to.have.members([
      "fallback",
      "fallback",
      "fallback",
      "personalize",
    ]);
    const clicks = lists.map((e, i) => ({
      ...e,
      event_id: `00000000-0000-4000-8000-00000000aaa${i}`,
      event_type: "click" as const,
      position: undefined,
    }));
    const forwarded = await putEventsRequests(plans, [...logged, ...clicks]);
    expect(problemsOf(forwarded)).to.equal("");
  });

  it("unquote-header: one PutObject, or a multipart rewrite completed or aborted, sends valid S3 requests", async () => {
    const requests = await unquoteHeaderRequests(await shippedPlans());
    expect([...new Set(requests.map((r) => r.operation))].sort()).to.deep.equal([
      "AbortMultipartUpload",
      "CompleteMultipartUpload",
      "CreateMultipartUpload",
      "GetObject",
      "PutObject",
      "UploadPart",
      "UploadPartCopy",
    ]);
    expect(problemsOf(requests)).to.equal("");
  });
});
