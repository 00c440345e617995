import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../../cli/plan";

const root = path.resolve(__dirname, "..", "..", "..");

/** Runs the plan CLI in-process, capturing what it prints. */
async function plan(args: string[]) {
  let stdout = "";
  let stderr = "";
  const result = await main(
    args,
    { write: (text: string) => (stdout += text) },
    { write: (text: string) => (stderr += text) },
  );
  return { ...result, stdout, stderr };
}

function tempProject(stackFiles: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-plan-"));
  fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const [name, text] of Object.entries(stackFiles))
    fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const COMPONENTS = [
  "reco:data-lake:DataLake",
  "reco:stream-ingestion:StreamIngestion",
  "reco:personalize-recommender:PersonalizeRecommender",
  "reco:realtime-analytics:RealtimeAnalytics",
  "reco:kpi-dashboard:KPIDashboard",
];

describe("offline plan of the shipped stacks", function () {
  this.timeout(180_000);

  for (const stack of ["dev", "prod"]) {
    it(`plans ${stack} with all five components and no mandatory policy violation`, async () => {
      const out = path.join(os.tmpdir(), `reco-plan-${stack}-${process.pid}.json`);
      const result = await plan(["--stack", stack, "--json", out, "--project-dir", root]);
      expect(result.stderr).to.equal("");
      expect(result.exitCode).to.equal(0);
      expect(result.stdout).to.include(`Offline plan of reco-analytics/${stack} (tier ${stack})`);
      expect(result.stdout).to.include("not a provider preview");
      const json = JSON.parse(fs.readFileSync(out, "utf8"));
      expect(json).to.include({ project: "reco-analytics", stack, tier: stack, offline: true });
      expect(Object.keys(json)).to.include.members(["resources", "outputs", "policies", "cost"]);
      const types = new Set(json.resources.map((r: { type: string }) => r.type));
      for (const component of COMPONENTS) expect(types, component).to.include(component);
      for (const r of json.resources) {
        expect(r).to.have.all.keys(
          "urn",
          "type",
          "name",
          "parent",
          "custom",
          "protect",
          "retainOnDelete",
          "provider",
          "dependencies",
          "inputs",
        );
      }
      // Every cloud resource uses the stack's one explicit provider.
      const awsResources = json.resources.filter((r: { type: string }) =>
        r.type.startsWith("aws:"),
      );
      const providers = new Set(
        awsResources.map((r: { provider: string }) => r.provider.split("::")[3]),
      );
      expect([...providers]).to.deep.equal([`${stack}-aws`]);
      expect(
        json.policies.violations.filter(
          (v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory",
        ),
      ).to.deep.equal([]);
      expect(json.outputs.tier).to.equal(stack);
      expect(json.outputs.streamArn).to.match(/^arn:aws:kinesis:[a-z0-9-]+:123456789012:stream\//);
    });
  }

  it("runs a third stack from one new YAML file", async () => {
    const dir = tempProject({
      "Pulumi.staging.yaml": [
        "config:",
        "  aws:region: us-east-1",
        "  reco-analytics:tier: prod",
        "  reco-analytics:owner: data-platform",
        "  reco-analytics:costCenter: cc-staging",
        "  reco-analytics:realtimeEngine: lambda",
        '  reco-analytics:personalizeCampaign: "false"',
        '  reco-analytics:quicksightEnabled: "false"',
        "",
      ].join("\n"),
    });
    const result = await plan([
      "--stack",
      "staging",
      "--project-dir",
      dir,
      "--program",
      path.join(root, "index.ts"),
    ]);
    expect(result.stderr).to.equal("");
    expect(result.exitCode).to.equal(0);
    expect(result.plan?.tier).to.equal("prod");
    const types = result.plan!.resources.map((r) => r.type);
    expect(types).to.not.include("aws:kinesisanalyticsv2/application:Application");
    expect(types).to.not.include("aws:quicksight/dashboard:Dashboard");
  });

  it("fails a stack file with bad values before any resource, naming every bad key", async () => {
    const dir = tempProject({
      "Pulumi.broken.yaml": [
        "config:",
        "  aws:region: moon-1",
        "  reco-analytics:tier: staging",
        "  reco-analytics:owner: data-platform",
        "  reco-analytics:costCenter: cc-1",
        "  reco-analytics:peakEventsPerSecond: lots",
        "  reco-analytics:realtimeEngine: spark",
        "  reco-analytics:logRetentionDays: 10",
        "",
      ].join("\n"),
    });
    const result = await plan([
      "--stack",
      "broken",
      "--project-dir",
      dir,
      "--program",
      path.join(root, "index.ts"),
    ]);
    expect(result.exitCode).to.equal(2);
    expect(result.stdout).to.equal("");
    const lines = result.stderr.trim().split("\n");
    expect(lines.slice(0, 2)).to.deep.equal([
      'offline plan of stack "broken" failed:',
      'Stack "broken" has 5 invalid configuration values:',
    ]);
    expect(lines.slice(2).map((l) => l.split(" ")[3])).to.deep.equal([
      "reco-analytics:tier",
      "aws:region",
      "reco-analytics:peakEventsPerSecond",
      "reco-analytics:logRetentionDays",
      "reco-analytics:realtimeEngine",
    ]);
    expect(result.stderr).to.not.match(/^\s+at /m);
  });

  it("reports every policy of the pack on the two insecure fixture programs", async () => {
    const tripped = new Set<string>();
    for (const fixture of ["insecure", "insecure-platform"]) {
      const result = await plan([
        "--stack",
        "prod",
        "--project-dir",
        root,
        "--program",
        path.join(root, "test", "fixtures", fixture, "index.ts"),
      ]);
      expect(result.exitCode).to.equal(3);
      expect(result.stderr).to.match(
        /offline plan: \d+ mandatory policy violations; fix them before deploying\./,
      );
      for (const v of (result.plan!.policies as { violations: { policy: string }[] }).violations) {
        tripped.add(v.policy);
      }
    }
    const { ALL_POLICIES } = await import("../../../policies/pack");
    for (const policy of ALL_POLICIES) expect(tripped, policy.name).to.include(policy.name);
  });
});
