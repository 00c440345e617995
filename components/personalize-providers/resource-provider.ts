/**
 * The one lifecycle every Personalize dynamic provider follows: create and wait for ACTIVE
 * (recording a CREATE FAILED resource so nothing is orphaned), read with drift and disappearance,
 * diff by the resource's replace/update rules, update tags and whatever the resource can change in
 * place, delete idempotently and wait until it is gone. A resource file supplies only what differs:
 * a `PersonalizeKind` with its API calls and rules.
 *
 * The engine serialises a provider by closure, so the kind is plain data and functions that build
 * nothing at module level: every SDK client is made inside a method, from the resource's own state.
 */
import type { PersonalizeClient } from "@aws-sdk/client-personalize";
import type * as pulumi from "@pulumi/pulumi";
import { ProviderTarget, clientForState, personalizeClient } from "./client";
import { DiffSpec, diffInputs } from "./diff";
import { createFailedError, isNotFound } from "./errors";
import {
  StatusView,
  definedOnly,
  deleteAndWait,
  present,
  readTags,
  syncTags,
  waitUntilActive,
} from "./lifecycle";
import { WaitOptions } from "./waiter";

/** What every resource's inputs carry: where it lives and its physical name. */
export interface KindInputs extends ProviderTarget {
  readonly name: string;
  readonly tags?: Record<string, string>;
}

/** What every resource's state adds: its ARN (also its id) and, for most, a status. */
export interface KindOutputs {
  readonly arn: string;
  readonly status?: string;
}

/** What a Describe* call returns that the lifecycle reads. */
export interface Description extends StatusView {
  readonly name?: string;
}

/** Handed to a kind's in-place update: the client of the new inputs and the wait policy. */
export interface UpdateContext<D> {
  readonly client: PersonalizeClient;
  readonly wait: WaitOptions;
  readonly describe: () => Promise<D>;
}

/** Everything that makes one Personalize resource different from the others. */
export interface PersonalizeKind<
  I extends KindInputs,
  O extends I & KindOutputs,
  D extends Description,
> {
  /** Lower-case noun used in every message: "dataset group", "event tracker", … */
  readonly kind: string;
  readonly diff: DiffSpec<keyof I & string>;
  /** Whether the resource takes tags (TagResource / ListTagsForResource). */
  readonly tagged: boolean;
  /**
   * Whether Create* leaves the resource PENDING. False for schemas, which exist once created.
   */
  readonly asynchronous: boolean;
  /** Calls Create*; returns the ARN and any state only the create response or request has. */
  create(
    client: PersonalizeClient,
    inputs: I,
  ): Promise<{ readonly arn: string; readonly computed?: Omit<Partial<O>, keyof I> }>;
  describe(client: PersonalizeClient, arn: string): Promise<D>;
  /** The state `read` reports besides name, status and tags (which the lifecycle reads itself). */
  refresh(
    found: D,
    props: O,
    client: PersonalizeClient,
    id: string,
  ): Promise<Partial<O>> | Partial<O>;
  /** Calls Delete*. */
  remove(client: PersonalizeClient, arn: string): Promise<unknown>;
  /**
   * Applies in-place changes other than tags and waits for them; returns state to record (e.g. a
   * status). Absent when tags (and credentials) are all that can change.
   */
  update?(id: string, olds: O, news: I, ctx: UpdateContext<D>): Promise<Partial<O>>;
  /** State computed at creation that an update keeps (tracking id, recipe ARN). */
  readonly keepOnUpdate?: readonly (keyof O & string)[];
  /** Why ResourceInUse on delete will not resolve by waiting, and what to do instead. */
  readonly inUseFix?: string;
}

function keep<O>(olds: O, keys: readonly (keyof O & string)[]): Partial<O> {
  return Object.fromEntries(keys.map((k) => [k, olds[k]])) as Partial<O>;
}

/**
 * A Personalize dynamic provider built from a kind. Each resource file exports a subclass whose
 * constructor takes only the wait options, so tests drive the lifecycle on a fake clock.
 */
export class PersonalizeResourceProvider<
  I extends KindInputs,
  O extends I & KindOutputs,
  D extends Description,
> implements pulumi.dynamic.ResourceProvider<I, O> {
  constructor(
    private readonly spec: PersonalizeKind<I, O, D>,
    private readonly wait: WaitOptions,
  ) {}

  private label(name: string): string {
    return `Personalize ${this.spec.kind} "${name}"`;
  }

  async create(inputs: I): Promise<pulumi.dynamic.CreateResult<O>> {
    const client = personalizeClient(inputs);
    const { arn, computed } = await this.spec.create(client, inputs);
    const recorded: Record<string, unknown> = { ...(inputs as object), ...computed, arn };
    if (!this.spec.asynchronous) return { id: arn, outs: definedOnly(recorded) as unknown as O };
    const view = await waitUntilActive(
      this.label(inputs.name),
      () => this.spec.describe(client, arn),
      (failed) =>
        createFailedError(this.spec.kind, inputs.name, arn, recorded, failed.failureReason),
      this.wait,
    );
    return {
      id: arn,
      outs: definedOnly({ ...recorded, status: present(view.status, "status") }) as unknown as O,
    };
  }

  async read(id: string, props?: O): Promise<pulumi.dynamic.ReadResult<O>> {
    const client = clientForState(props, id);
    try {
      const found = await this.spec.describe(client, id);
      const refreshed = await this.spec.refresh(found, props!, client, id);
      const tags = this.spec.tagged ? { tags: await readTags(client, id) } : {};
      return {
        id,
        props: definedOnly({
          ...props!,
          arn: id,
          name: found.name ?? props!.name,
          status: found.status ?? props!.status,
          ...refreshed,
          ...tags,
        }),
      };
    } catch (error) {
      // Deleted outside Pulumi: an empty id tells the engine to drop it from the state.
      if (isNotFound(error)) return { id: "", props: undefined };
      throw error;
    }
  }

  async diff(_id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
    return diffInputs(this.spec.diff, olds, news);
  }

  async update(id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>> {
    const client = personalizeClient(news);
    const applied = this.spec.update
      ? await this.spec.update(id, olds, news, {
          client,
          wait: this.wait,
          describe: () => this.spec.describe(client, id),
        })
      : {};
    if (this.spec.tagged) await syncTags(client, id, olds.tags, news.tags);
    const kept = keep(olds, this.spec.keepOnUpdate ?? []);
    return { outs: definedOnly({ ...news, ...kept, arn: id, ...applied }) as unknown as O };
  }

  async delete(id: string, props: O): Promise<void> {
    const client = clientForState(props, id);
    await deleteAndWait(
      this.label(props.name),
      () => this.spec.remove(client, id),
      () => this.spec.describe(client, id),
      this.wait,
      this.spec.inUseFix,
    );
  }
}
