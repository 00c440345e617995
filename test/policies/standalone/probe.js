/**
 * Runs inside a scratch copy of the installed policy pack (cwd = the pack's folder, NODE_PATH
 * empty). Loads the pack as the CLI's run-policy-pack does (`require` of the folder, so its
 * package.json `main`), with gRPC's bind intercepted so no port opens, then calls the analyzer
 * handlers @pulumi/policy registered: getAnalyzerInfo, configure with the resolved pack config in
 * the JSON file named by argv[2] (what the CLI sends for `--policy-pack-config`), and analyze of
 * one Kinesis stream.
 * Prints JSON: the pack's identity, its policy names, the stream's violations and every module
 * file the process loaded (the test checks none comes from the repository).
 */
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");

// Resolve as the pack does: from its folder, where npm installed its dependencies.
const packRequire = createRequire(path.join(process.cwd(), "package.json"));
const fromPolicy = (id) =>
  packRequire(
    packRequire.resolve(id, { paths: [path.dirname(packRequire.resolve("@pulumi/policy"))] }),
  );
const fromPulumi = (id) =>
  packRequire(
    packRequire.resolve(id, { paths: [path.dirname(packRequire.resolve("@pulumi/pulumi"))] }),
  );

const grpc = fromPolicy("@grpc/grpc-js");
let service;
grpc.Server.prototype.addService = function (_definition, implementation) {
  service = implementation;
};
grpc.Server.prototype.bindAsync = () => undefined;

packRequire(process.cwd());
if (!service) throw new Error("loading the pack registered no analyzer service");

const analyzer = fromPulumi("@pulumi/pulumi/proto/analyzer_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const call = (handler, request) =>
  new Promise((resolve, reject) =>
    handler({ request }, (err, response) => (err ? reject(err) : resolve(response))),
  );

(async () => {
  const info = await call(service.getAnalyzerInfo, new Empty());
  const configure = new analyzer.ConfigureAnalyzerRequest();
  const resolved = JSON.parse(require("node:fs").readFileSync(process.argv[2], "utf8"));
  for (const [name, { enforcementLevel, properties }] of Object.entries(resolved)) {
    const policyConfig = new analyzer.PolicyConfig();
    policyConfig.setEnforcementlevel(analyzer.EnforcementLevel[enforcementLevel.toUpperCase()]);
    policyConfig.setProperties(Struct.fromJavaScript(properties));
    configure.getPolicyconfigMap().set(name, policyConfig);
  }
  await call(service.configure, configure);
  const request = new analyzer.AnalyzeRequest();
  request.setType("aws:kinesis/stream:Stream");
  request.setUrn("urn:pulumi:probe::probe::aws:kinesis/stream:Stream::events");
  request.setName("events");
  request.setProperties(Struct.fromJavaScript({ encryptionType: "NONE", shardCount: 1 }));
  request.setOptions(new analyzer.AnalyzerResourceOptions());
  const analyzed = await call(service.analyze, request);
  process.stdout.write(
    JSON.stringify({
      name: info.getName(),
      version: info.getVersion(),
      policies: info.getPoliciesList().map((p) => p.getName()),
      violations: analyzed
        .getDiagnosticsList()
        .map((d) => ({ policy: d.getPolicyname(), message: d.getMessage() })),
      modules: Object.keys(require.cache),
    }),
  );
})().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
