/**
 * Records every AWS SDK request the code under test sends, at the SDK boundary, so the requests
 * checked against the models are the ones the code builds — not a list copied into a test.
 *
 * - Clients that really send (to kinesalite, dynalite, or a stubbed transport): every v3 client
 *   extends one `Client` from @smithy/core, whose `send` gets a build-step middleware on each
 *   client. At that step the input is final: the DynamoDB document client has marshalled it.
 * - Clients replaced by aws-sdk-client-mock: the mock's own call log holds each command.
 */
import { Client } from "@smithy/core/client";
import { serviceNameOf } from "./models";
import type { ApiRequest } from "./validate";

const RECORDING = Symbol("api-model-recorder");
type Sink = (request: ApiRequest) => void;
let sink: Sink | undefined;
let original: typeof Client.prototype.send | undefined;

function operationOf(commandName: string): string {
  if (!commandName.endsWith("Command")) throw new Error(`not a v3 command: ${commandName}`);
  return commandName.slice(0, -"Command".length);
}

/** Starts recording the requests real clients send; call the returned function to stop. */
export function recordSentRequests(requests: ApiRequest[]): () => void {
  if (sink) throw new Error("the request recorder is already running");
  sink = (request) => requests.push(request);
  original = Client.prototype.send;
  const send = original;
  (Client.prototype as any).send = function (this: any, ...args: any[]) {
    if (!this[RECORDING]) {
      this[RECORDING] = true;
      const service = serviceNameOf(this.config.serviceId);
      this.middlewareStack.add(
        (next: any, context: any) => async (input: any) => {
          sink?.({ service, operation: operationOf(context.commandName), input: input.input });
          return next(input);
        },
        { step: "build", priority: "high", name: "apiModelRecorder" },
      );
    }
    return send.apply(this, args as any);
  };
  return () => {
    Client.prototype.send = original!;
    sink = undefined;
  };
}

/** The requests an aws-sdk-client-mock stub received, as sent, each with the fake's answer. */
export function mockedRequests(
  mock: {
    calls(): readonly { readonly args: readonly unknown[]; readonly returnValue?: unknown }[];
  },
  clientClass: ClientClass,
): ApiRequest[] {
  const calls = mock.calls();
  return commandRequests(
    calls.map((call) => ({ command: call.args[0] as object })),
    clientClass,
  ).map((request, i) => ({
    ...request,
    // A rejected call (a simulated error) has no answer to hold to the output shape.
    answered: Promise.resolve(calls[i].returnValue).catch(() => undefined),
  }));
}

type ClientClass = new (config: object) => { config: { serviceId: string } };

/** Commands a client of `clientClass` was sent, as API requests. */
export function commandRequests(
  sent: readonly { readonly command: object }[],
  clientClass: ClientClass,
): ApiRequest[] {
  const service = serviceNameOf(new clientClass({ region: "us-east-1" }).config.serviceId);
  return sent.map(({ command }) => {
    const c = command as { constructor: { name: string }; input: unknown };
    return { service, operation: operationOf(c.constructor.name), input: c.input };
  });
}
