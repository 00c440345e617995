/**
 * The recorder lists resources in the order the program constructed them, whatever order their
 * inputs resolved in, so a plan reads the same however long its asynchronous inputs took.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { installMocks } from "../../offline/recorder";

class Thing extends pulumi.CustomResource {
  constructor(
    type: string,
    name: string,
    value: pulumi.Input<string>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(type, name, { value }, opts);
  }
}

describe("resource recorder", () => {
  it("orders resources by construction, not by when their inputs resolved", async () => {
    const recorder = installMocks();
    const late = new Promise<string>((resolve) => setTimeout(() => resolve("late"), 50));
    new Thing("test:index:Thing", "first", late);
    new Thing("test:index:Thing", "second", "now");
    const parent = new pulumi.ComponentResource("test:index:Group", "group");
    new Thing("test:index:Thing", "child", late, { parent });
    new Thing("test:index:Other", "first", "now");
    const resources = await recorder.settle();
    expect(resources.map((r) => `${r.type}::${r.name}`)).to.deep.equal([
      "test:index:Thing::first",
      "test:index:Thing::second",
      "test:index:Group::group",
      "test:index:Thing::child",
      "test:index:Other::first",
    ]);
  });

  it("tells apart same-named resources of one type by their parents", async () => {
    const recorder = installMocks();
    const late = new Promise<string>((resolve) => setTimeout(() => resolve("late"), 50));
    const a = new pulumi.ComponentResource("test:index:Group", "a");
    new Thing("test:index:Thing", "same", late, { parent: a });
    const b = new pulumi.ComponentResource("test:index:Group", "b");
    new Thing("test:index:Thing", "same", "now", { parent: b });
    const resources = await recorder.settle();
    expect(
      resources.map((r) => `${r.name} in ${r.parent?.split("::").pop() ?? "-"}`),
    ).to.deep.equal(["a in -", "same in a", "b in -", "same in b"]);
  });
});
