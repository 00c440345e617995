/**
 * Shared fixtures of the provider suites: a Personalize client mock, a fake clock that records
 * every pause instead of sleeping, and the SDK's own exception classes.
 */
import {
  PersonalizeClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from "@aws-sdk/client-personalize";
import { mockClient } from "aws-sdk-client-mock";
import type { WaitOptions } from "../../components/personalize-providers";

export const REGION = "eu-west-1";
export const ACCOUNT = "123456789012";
export const arnOf = (resource: string) => `arn:aws:personalize:${REGION}:${ACCOUNT}:${resource}`;

/** One mock for every PersonalizeClient the providers build inside their methods. */
export function usePersonalizeMock() {
  const mock = mockClient(PersonalizeClient);
  beforeEach(() => mock.reset());
  after(() => mock.restore());
  return mock;
}

export interface FakeClock {
  readonly wait: WaitOptions;
  /** Every pause the waiter asked for, in order. */
  readonly sleeps: number[];
}

/** 10 ms, doubling, capped at 40 ms, 200 ms deadline: on a clock that only moves when slept. */
export function fakeClock(timeoutMs = 200): FakeClock {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    wait: {
      policy: { initialDelayMs: 10, maxDelayMs: 40, multiplier: 2, timeoutMs },
      clock: {
        now: () => now,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      },
    },
  };
}

export const notFound = (what = "resource") =>
  new ResourceNotFoundException({ message: `Could not find ${what}`, $metadata: {} });

export const inUse = (message: string) => new ResourceInUseException({ message, $metadata: {} });

/** The input of the n-th call of a command to the mock. */
export function inputOf<T>(calls: readonly { args: readonly [{ input: T }] }[] | any[], n = 0): T {
  return (calls[n] as { args: [{ input: T }] }).args[0].input;
}
