/**
 * The stack files of issue 19's options plan clean and priced: prod-msk (MSK store) and
 * dev-search (OpenSearch exploration tier), each with no policy violation and its store's lines
 * priced, nothing unknown.
 */
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../../cli/plan";

const ROOT = path.resolve(__dirname, "..", "..", "..");
/** The plan CLI in-process (policies and cost included), its output discarded. */
async function planOf(stack: string) {
  const quiet = { write: () => undefined };
  const result = await main(["--stack", stack, "--project-dir", ROOT], quiet, quiet);
  expect(result.exitCode, stack).to.equal(0);
  return result.plan!;
}

describe("the stack files of the optional stores", function () {
  this.timeout(120_000);

  for (const [stack, lines] of [
    [
      "prod-msk",
      {
        "prod-msk-ingest-kafka-cluster": 810.41,
        "prod-msk-ingest-kafka-sts-endpoint": 28.47,
        "prod-msk-ingest-msk-delivery": 225.12,
      },
    ],
    [
      "dev-search",
      {
        "dev-search-explore-collection": 175.24,
        "dev-search-explore-aoss-endpoint": 14.67,
        "dev-search-explore-delivery": 1.82,
      },
    ],
  ] as const) {
    it(`plans ${stack} with no policy violation and its store priced`, async () => {
      const plan = await planOf(stack);
      expect((plan.policies as { violations: unknown[] }).violations).to.deep.equal([]);
      const cost = plan.cost as { items: { urn: string; monthly: number | null }[] };
      expect(cost.items.filter((i) => i.monthly === null)).to.deep.equal([]);
      const monthly = Object.fromEntries(
        cost.items.map((i) => [i.urn.split("::").pop()!, i.monthly]),
      );
      for (const [name, usd] of Object.entries(lines)) expect(monthly[name], name).to.equal(usd);
    });
  }
});
