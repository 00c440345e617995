/**
 * Drains live producers when the process ends without anyone calling close(): on `beforeExit`
 * (the event loop emptied) and on SIGTERM/SIGINT (an orchestrator stopping the process, Ctrl-C).
 *
 * One set of process listeners serves every producer, installed while at least one producer that
 * wants it is open. A listener for a signal replaces Node's default (exit at once), so after the
 * drain the signal is raised again when nothing else listens for it: the process then ends with
 * the status the signal means. When the application has its own handler, it owns the exit.
 * `process.exit()` cannot be intercepted asynchronously: call close() before it.
 */

/** What the hook needs of a producer. */
export interface Drainable {
  /** Records accepted and not yet acknowledged or reported. */
  pending(): boolean;
  /** Sends what is buffered; resolves with the failures nobody took (and forgets them). */
  drain(): Promise<readonly { event: { event_id: string }; errorCode: string }[]>;
  /** Stops accepting records and drains; same result as drain(). */
  shutdown(): Promise<readonly { event: { event_id: string }; errorCode: string }[]>;
}

const live = new Set<Drainable>();
const SIGNALS = ["SIGTERM", "SIGINT"] as const;

function report(failures: readonly { event: { event_id: string }; errorCode: string }[]): void {
  if (failures.length === 0) return;
  // Ids and codes only: the events carry user ids. A non-zero status tells the supervisor.
  process.stderr.write(
    `EventProducer: ${failures.length} record(s) could not be put before exit: ` +
      `${failures.map((f) => `${f.event.event_id} (${f.errorCode})`).join(", ")}\n`,
  );
  process.exitCode = 1;
}

function onBeforeExit(): void {
  for (const producer of live) {
    // Idle producers schedule nothing, or the process would never exit.
    if (producer.pending()) void producer.drain().then(report);
  }
}

let stopping = false;
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  void Promise.all([...live].map((p) => p.shutdown().then(report))).then(() => {
    uninstall();
    stopping = false;
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function install(): void {
  process.on("beforeExit", onBeforeExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off("beforeExit", onBeforeExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

export function registerForExit(producer: Drainable): void {
  if (live.size === 0) install();
  live.add(producer);
}

export function unregisterForExit(producer: Drainable): void {
  if (!live.delete(producer)) return;
  if (live.size === 0 && !stopping) uninstall();
}
