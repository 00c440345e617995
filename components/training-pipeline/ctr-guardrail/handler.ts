/**
 * The training state machine's online guardrail step: reads the real-time view's per-channel
 * minutes before the campaign update and after the new version served (../guardrail.ts
 * says which minutes and why), and returns the verdict the state machine acts on. Reads only.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { latestChannelWindows } from "../../realtime-analytics/view/read";
import {
  type GuardrailResult,
  type GuardrailThresholds,
  guardrailProblems,
  guardrailVerdict,
  guardrailWindows,
  tally,
} from "../guardrail";

export interface GuardrailEvent extends GuardrailThresholds {
  /** ISO instant the update was requested ($$.State.EnteredTime before UpdateCampaign). */
  readonly requestedAt: string;
  /** ISO instant the campaign reported the new version ACTIVE. */
  readonly servingSince: string;
}

/** Raised for an event the state machine should never send; the run fails and notifies. */
export class GuardrailInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GuardrailInputError";
  }
}

export async function measureGuardrail(
  client: DynamoDBDocumentClient,
  tableName: string,
  event: GuardrailEvent,
): Promise<GuardrailResult> {
  const requestedAt = Date.parse(event.requestedAt);
  const servingSince = Date.parse(event.servingSince);
  const problems = guardrailProblems(event);
  if (Number.isNaN(requestedAt) || Number.isNaN(servingSince) || servingSince < requestedAt) {
    problems.push(
      `requestedAt ${JSON.stringify(event.requestedAt)} and servingSince ${JSON.stringify(event.servingSince)} must be ISO instants, the update requested no later than it served`,
    );
  }
  if (problems.length > 0) throw new GuardrailInputError(problems.join("; "));
  const windows = guardrailWindows(requestedAt, servingSince, event.windowMinutes);
  const read = (w: { now: number; minutes: number }) =>
    latestChannelWindows(client, tableName, {
      minutes: w.minutes,
      now: w.now,
      ...(event.channels ? { channels: event.channels } : {}),
    });
  const [before, after] = await Promise.all([read(windows.before), read(windows.after)]);
  return guardrailVerdict(
    tally(before, event.windowMinutes),
    tally(after, event.windowMinutes),
    event,
  );
}

let documentClient: DynamoDBDocumentClient | undefined;

export async function handler(event: GuardrailEvent): Promise<GuardrailResult> {
  const tableName = process.env.VIEW_TABLE_NAME;
  if (!tableName) throw new GuardrailInputError("VIEW_TABLE_NAME is not set");
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return measureGuardrail(documentClient, tableName, event);
}
