/**
 * The steps every provider shares: wait for ACTIVE (stopping with the failure reason on CREATE
 * FAILED), delete idempotently and wait until the resource is gone, keep tags in sync.
 */
import {
  ListTagsForResourceCommand,
  PersonalizeClient,
  Tag,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-personalize";
import { isInUse, isNotFound } from "./errors";
import { WaitOptions, waitFor } from "./waiter";

/** What a Describe* call says about progress. */
export interface StatusView {
  readonly status?: string;
  readonly failureReason?: string;
}

/**
 * Polls `describe` until ACTIVE. On a failed status (`CREATE FAILED`, `UPDATE FAILED`) throws
 * what `onFailed` builds from the failure reason, without waiting out the deadline.
 */
export async function waitUntilActive<T extends StatusView>(
  what: string,
  describe: () => Promise<T>,
  onFailed: (view: T) => Error,
  wait: WaitOptions,
): Promise<T> {
  return waitFor(
    `${what} to become ACTIVE`,
    async () => {
      const view = await describe();
      if (view.status === "ACTIVE") return { done: true, value: view };
      if (view.status?.endsWith("FAILED")) throw onFailed(view);
      return { done: false, status: view.status ?? "unknown" };
    },
    wait,
  );
}

/**
 * Deletes and waits until Describe* says ResourceNotFound. Already gone counts as done, so a
 * retried `pulumi destroy` never fails on what an earlier run removed. A parent whose children
 * are still being deleted answers ResourceInUse: that is retried with the same backoff, unless
 * `inUseFix` says the user is something waiting will not remove.
 */
export async function deleteAndWait(
  what: string,
  remove: () => Promise<unknown>,
  describe: () => Promise<object>,
  wait: WaitOptions,
  inUseFix?: string,
): Promise<void> {
  const accepted = await waitFor(
    `${what} to accept deletion`,
    async () => {
      try {
        await remove();
        return { done: true, value: true };
      } catch (error) {
        if (isNotFound(error)) return { done: true, value: false };
        // Some users are not ours to wait for (a campaign the pipeline manages): say so at once.
        if (isInUse(error) && inUseFix) {
          throw new Error(`${what} cannot be deleted: ${(error as Error).message}. ${inUseFix}`);
        }
        if (isInUse(error)) return { done: false, status: `in use: ${(error as Error).message}` };
        throw error;
      }
    },
    wait,
  );
  if (!accepted) return;
  await waitFor(
    `${what} to be deleted`,
    async () => {
      try {
        const view: StatusView = await describe();
        return { done: false, status: view.status ?? "deleting" };
      } catch (error) {
        if (isNotFound(error)) return { done: true, value: undefined };
        throw error;
      }
    },
    wait,
  );
}

/** Tags as Personalize takes them; `undefined` when there are none, so requests stay minimal. */
export function apiTags(tags: Readonly<Record<string, string>> | undefined): Tag[] | undefined {
  const entries = Object.entries(tags ?? {});
  return entries.length > 0
    ? entries.map(([tagKey, tagValue]) => ({ tagKey, tagValue }))
    : undefined;
}

/** Applies the difference between two tag maps with TagResource / UntagResource. */
export async function syncTags(
  client: PersonalizeClient,
  resourceArn: string,
  olds: Readonly<Record<string, string>> | undefined,
  news: Readonly<Record<string, string>> | undefined,
): Promise<void> {
  const before = olds ?? {};
  const after = news ?? {};
  const removed = Object.keys(before).filter((key) => !(key in after));
  if (removed.length > 0) {
    await client.send(new UntagResourceCommand({ resourceArn, tagKeys: removed }));
  }
  const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
  const tags = apiTags(changed);
  if (tags) await client.send(new TagResourceCommand({ resourceArn, tags }));
}

/** The resource's tags as a map, for `read` to report drift; `undefined` when untagged. */
export async function readTags(
  client: PersonalizeClient,
  resourceArn: string,
): Promise<Record<string, string> | undefined> {
  const { tags } = await client.send(new ListTagsForResourceCommand({ resourceArn }));
  const entries = (tags ?? []).map((t) => [t.tagKey ?? "", t.tagValue ?? ""] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Drops `undefined` members: the engine's struct encoding has no `undefined`. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A field the API documents as always present; its absence is a bug worth a clear message. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`Personalize returned no ${what}.`);
  return value;
}
