/**
 * The Personalize dynamic providers' requests, over each resource's lifecycle with the inputs the
 * shipped stacks give it, held to the Personalize API model.
 */
import { expect } from "chai";
import { providerRequests } from "./scenarios/providers";
import { shippedPlans } from "./shipped";
import { type ApiRequest, problemsOf } from "./validate";

describe("Personalize providers' requests against the API model", function () {
  this.timeout(120_000);
  let requests: ApiRequest[];
  before(async () => {
    requests = await providerRequests(await shippedPlans());
  });

  it("sends every lifecycle request of every resource in both stacks", () => {
    const operations = [...new Set(requests.map((r) => r.operation))].sort();
    expect(operations).to.include.members([
      "CreateDatasetGroup",
      "CreateSchema",
      "CreateDataset",
      "CreateEventTracker",
      "CreateFilter",
      "CreateMetricAttribution",
      "CreateSolution",
      "DeleteSolution",
      "UpdateDataset",
      "UpdateSolution",
      "UpdateMetricAttribution",
      "ListMetricAttributionMetrics",
      "TagResource",
      "UntagResource",
      "ListTagsForResource",
    ]);
  });

  it("sends only requests the Personalize model accepts", () => {
    expect(problemsOf(requests)).to.equal("");
  });
});
