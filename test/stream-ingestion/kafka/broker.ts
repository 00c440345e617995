/**
 * A real single-node Kafka broker (Apache Kafka's own server, KRaft mode, no ZooKeeper) for the
 * Kafka sink's tests, on 127.0.0.1 only. Its jars come from Maven Central through pom.xml beside
 * this file, copied once into `.cache/kafka-<version>/` (staged, then renamed into place, so an
 * interrupted or concurrent install leaves nothing half-filled) and reused after. Needs Java 17
 * and Maven, which .ci/run's machine has.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

const POM = path.join(__dirname, "pom.xml");
export const KAFKA_VERSION = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(
  fs.readFileSync(POM, "utf8"),
)![1];
const ROOT = path.resolve(__dirname, "..", "..", "..");
const TARGET = path.join(ROOT, ".cache", `kafka-${KAFKA_VERSION}`);
/** Start-up is ~5 s here; a minute bounds a slow CI machine without hanging the suite. */
const START_TIMEOUT_MS = 60_000;

/** The broker's jars, installed once. */
export function ensureKafkaJars(): string {
  if (fs.existsSync(path.join(TARGET, `kafka_2.13-${KAFKA_VERSION}.jar`))) return TARGET;
  const staging = `${TARGET}.staging-${process.pid}`;
  try {
    execFileSync(
      "mvn",
      [
        "-q",
        "-B",
        "-f",
        POM,
        "dependency:copy-dependencies",
        `-DoutputDirectory=${staging}`,
        "-DincludeScope=runtime",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    const out = String((error as { stdout?: Buffer }).stdout ?? (error as Error).message);
    throw new Error(
      `could not fetch Apache Kafka ${KAFKA_VERSION}'s jars with "mvn -f ${POM} dependency:copy-dependencies": ${out.trim().slice(-2000)}. Install Maven and Java 17, and make Maven Central reachable.`,
    );
  }
  try {
    fs.renameSync(staging, TARGET);
  } catch {
    // Another process finished first with the same pinned jars.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return TARGET;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface LocalBroker {
  readonly bootstrap: string;
  stop(): Promise<void>;
}

/** Formats a fresh KRaft log directory and starts the broker; resolves once it accepts connections. */
export async function startBroker(): Promise<LocalBroker> {
  const jars = path.join(ensureKafkaJars(), "*");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-kafka-"));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const properties = path.join(dir, "server.properties");
  fs.writeFileSync(
    properties,
    [
      "process.roles=broker,controller",
      "node.id=1",
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      "controller.listener.names=CONTROLLER",
      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      "inter.broker.listener.name=PLAINTEXT",
      `log.dirs=${path.join(dir, "logs")}`,
      "offsets.topic.replication.factor=1",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      // As on MSK Serverless: a topic exists because the stack created it, never by a typo.
      "auto.create.topics.enable=false",
      "",
    ].join("\n"),
  );
  // A random cluster id in Kafka's format: 16 bytes, URL-safe base64 without padding. One id in
  // 64 starts with "-", which the tool's parser would read as a flag, so it goes as --cluster-id=.
  const clusterId = randomBytes(16).toString("base64url");
  execFileSync(
    "java",
    [
      "-cp",
      jars,
      "kafka.tools.StorageTool",
      "format",
      `--cluster-id=${clusterId}`,
      "-c",
      properties,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const child: ChildProcess = spawn(
    "java",
    ["-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", jars, "kafka.Kafka", properties],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `the local Kafka broker did not start within ${START_TIMEOUT_MS} ms: ${stderr}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { bootstrap: `127.0.0.1:${port}`, stop };
}
