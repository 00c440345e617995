/**
 * A realistic, reproducible behaviour log: sessions that walk the funnel visit → view →
 * impression(s) → click → cart → buy across several recommendation channels, with the untidiness a
 * real log has (exact duplicates, late arrivals across midnight, clicks without a served list,
 * buys without a click, and a few invalid records kept apart). The same options and seed always
 * give the same log, in arrival order.
 */
import { SeededRandom, ZipfPicker } from "./random";
import { BehaviourEvent, DEVICES, Device, EventType } from "./schema";
import { invalidRecords } from "./invalid";
import { ExperimentAllocation, assignVariant, validateAllocation } from "./experiment";
import { shelfPrices } from "./generate-catalogue";

export interface GenerateOptions {
  /** Distinct users. */
  readonly users: number;
  /** Catalogue size. */
  readonly items: number;
  /** Days of traffic, starting at `start`. */
  readonly days: number;
  /** Same seed, same log. */
  readonly seed: number;
  /** First UTC day, "YYYY-MM-DD". @default "2026-11-23" */
  readonly start?: string;
  /** Assign users to variants as the recommendation API does, optionally with a planted effect. */
  readonly experiment?: PlantedExperiment;
}

/**
 * An experiment the generator runs: users assigned by the API's own hashing, `experiment` and
 * `variant` written on every served list's impressions and clicks.
 */
export interface PlantedExperiment extends ExperimentAllocation {
  /**
   * Multiplies the click probability of every list a variant's users are served: the planted
   * effect (1.2 = 20 % more clicks per list). Variants not named keep 1.
   */
  readonly clickRateFactors?: Readonly<Record<string, number>>;
}

export interface GeneratedLog {
  /** Valid events in arrival order (duplicates and late events included, as a stream sees them). */
  readonly events: BehaviourEvent[];
  /** Records the schema rejects; kept out of `events`. */
  readonly invalid: unknown[];
}

export const DEFAULT_START = "2026-11-23";

/** Placements that serve recommendations; `email-reco` clicks arrive without a logged list. */
export const CHANNELS = [
  "home-rfy",
  "popular",
  "pdp-similar",
  "cart-cross-sell",
  "email-reco",
] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Evening-heavy traffic, as retail sites see it. */
const HOUR_WEIGHTS = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 3.5, 3.5, 4, 3.5, 3.5, 3.5, 4, 4.5, 5, 6, 6.5, 6, 4.5,
  2.5,
];
const DUPLICATE_RATE = 0.01;
const LATE_RATE = 0.01;

/** Every problem with the options, each naming the option, the value and what is allowed. */
export function validateGenerateOptions(options: GenerateOptions): string[] {
  const problems: string[] = [];
  const positive = (key: keyof GenerateOptions, max: number) => {
    const v = options[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > max) {
      problems.push(`${key} must be an integer from 1 to ${max}, got ${JSON.stringify(v)}`);
    }
  };
  positive("users", 1_000_000);
  positive("items", 1_000_000);
  positive("days", 366);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    problems.push(
      `seed must be an integer from 0 to 4294967295, got ${JSON.stringify(options.seed)}`,
    );
  }
  const start = options.start ?? DEFAULT_START;
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(start) ||
    new Date(`${start}T00:00:00.000Z`).toISOString().slice(0, 10) !== start
  ) {
    problems.push(`start must be a calendar date "YYYY-MM-DD", got ${JSON.stringify(start)}`);
  }
  if (options.experiment) {
    problems.push(...validateAllocation(options.experiment));
    const names = new Set(options.experiment.variants?.map((v) => v.name));
    for (const [variant, factor] of Object.entries(options.experiment.clickRateFactors ?? {})) {
      if (!names.has(variant)) {
        problems.push(
          `experiment.clickRateFactors names ${JSON.stringify(variant)}, which is not a variant; use one of ${[...names].join(", ")}`,
        );
      }
      // The largest base click rate is 0.3: a factor above 3 would make a probability above 0.9.
      if (typeof factor !== "number" || !(factor > 0 && factor <= 3)) {
        problems.push(
          `experiment.clickRateFactors.${variant} must be a number above 0 and at most 3, got ${JSON.stringify(factor)}`,
        );
      }
    }
  }
  return problems;
}

interface Arrival {
  readonly event: BehaviourEvent;
  readonly arrival: number;
  readonly order: number;
}

interface Context {
  readonly random: SeededRandom;
  readonly popularity: ZipfPicker;
  readonly itemIds: string[];
  readonly prices: number[];
  readonly out: Arrival[];
}

export function generateEvents(options: GenerateOptions): GeneratedLog {
  const problems = validateGenerateOptions(options);
  if (problems.length > 0) throw new Error(`invalid generator options: ${problems.join("; ")}`);
  const random = new SeededRandom(options.seed);
  const width = (n: number) => String(n).length;
  const ctx: Context = {
    random,
    popularity: new ZipfPicker(random, options.items),
    itemIds: Array.from(
      { length: options.items },
      (_, i) => `i-${String(i + 1).padStart(width(options.items), "0")}`,
    ),
    // The first draws: generateCatalogue reproduces them to list the same prices.
    prices: shelfPrices(random, options.items),
    out: [],
  };
  const users = Array.from({ length: options.users }, (_, i) => ({
    id: `u-${String(i + 1).padStart(width(options.users), "0")}`,
    device: DEVICES[random.weighted([5, 3, 2])],
    activity: 0.2 + random.next() * 1.3,
    abandonedCart: [] as number[],
  })).map((user) => ({ ...user, ...assignment(options.experiment, user.id) }));
  const firstDay = Date.parse(`${options.start ?? DEFAULT_START}T00:00:00.000Z`);
  for (let day = 0; day < options.days; day++) {
    for (const user of users) {
      const sessions =
        Number(random.chance(0.5 * user.activity)) +
        Number(random.chance(0.2 * user.activity)) +
        Number(random.chance(0.05 * user.activity));
      for (let s = 0; s < sessions; s++) {
        const start =
          firstDay + day * DAY + random.weighted(HOUR_WEIGHTS) * HOUR + random.int(0, HOUR - 1);
        runSession(ctx, user, start);
      }
    }
  }
  const events = arrivalOrder(ctx, firstDay, options.days);
  return { events, invalid: invalidRecords(random, events) };
}

interface Assignment {
  /** `experiment` and `variant` as written on the user's impressions; empty outside experiments. */
  readonly labels: Partial<BehaviourEvent>;
  readonly clickRateFactor: number;
}

// Hashing, not the seeded source: an experiment consumes no random draws, so the same seed gives
// the same sessions with or without one, and only the planted factor changes what users do.
function assignment(experiment: PlantedExperiment | undefined, userId: string): Assignment {
  if (!experiment) return { labels: {}, clickRateFactor: 1 };
  const variant = assignVariant(experiment, userId);
  return {
    labels: { experiment: experiment.name, variant },
    clickRateFactor: experiment.clickRateFactors?.[variant] ?? 1,
  };
}

/** One visit, walking the funnel from a recommendation list or an email to checkout. */
function runSession(
  ctx: Context,
  user: { id: string; device: Device; abandonedCart: number[] } & Assignment,
  start: number,
): void {
  const { random } = ctx;
  const sessionId = `s-${random.uuid()}`;
  let clock = start;
  const emit = (
    type: EventType,
    fields: Partial<BehaviourEvent> = {},
    step = random.int(3_000, 90_000),
  ) => {
    clock += step;
    const event = orderedEvent({
      event_id: random.uuid(),
      event_type: type,
      event_time: new Date(clock).toISOString(),
      user_id: user.id,
      session_id: sessionId,
      ...fields,
      device: user.device,
    });
    ctx.out.push({ event, arrival: clock + random.int(50, 2_000), order: ctx.out.length });
  };
  const item = (i: number) => ctx.itemIds[i];
  /** Serves a list on `page`; returns the item clicked, if any (position-biased). */
  const serve = (
    channel: string,
    size: number,
    clickRate: number,
    page: string,
    exclude: number[] = [],
  ) => {
    const listed = ctx.popularity.distinct(size, new Set(exclude));
    if (listed.length === 0) return undefined;
    const recommendationId = `r-${random.uuid()}`;
    clock += random.int(500, 3_000);
    listed.forEach((i, rank) =>
      emit(
        "impression",
        {
          item_id: item(i),
          channel,
          recommendation_id: recommendationId,
          position: rank + 1,
          page,
          ...user.labels,
        },
        1,
      ),
    );
    if (!random.chance(clickRate * user.clickRateFactor)) return undefined;
    const clicked = listed[random.weighted(listed.map((_, rank) => 1 / (rank + 1)))];
    emit("click", {
      item_id: item(clicked),
      channel,
      recommendation_id: recommendationId,
      page,
      ...user.labels,
    });
    return clicked;
  };
  const cart: number[] = [];
  const checkout = (items: number[]) => {
    for (const i of items) {
      emit("buy", {
        item_id: item(i),
        price: ctx.prices[i],
        quantity: 1 + random.weighted([16, 3, 1]),
        page: "/checkout",
      });
    }
  };

  emit("visit", { page: "/" }, 0);
  // A returning user often finishes yesterday's cart first: a buy whose click was the day before.
  if (user.abandonedCart.length > 0 && random.chance(0.4)) {
    checkout(user.abandonedCart.splice(0));
  }
  let current: number | undefined;
  if (random.chance(0.08)) {
    // Email campaigns link straight to an item: a click with a channel but no served list.
    current = ctx.popularity.next();
    emit("click", { item_id: item(current), channel: "email-reco", page: "/email" });
  } else {
    const home = random.chance(0.7) ? "home-rfy" : "popular";
    current = serve(home, 8, 0.3, "/");
    // Some users ignore the lists and browse on their own: their buys have no click.
    if (current === undefined && random.chance(0.5)) current = ctx.popularity.next();
  }
  for (let hop = 0; current !== undefined && hop < 4; hop++) {
    emit("view", { item_id: item(current), page: `/p/${item(current)}` });
    if (random.chance(0.3) && !cart.includes(current)) {
      cart.push(current);
      emit("cart", { item_id: item(current), page: `/p/${item(current)}` });
      const extra = serve("cart-cross-sell", 3, 0.15, "/cart", cart);
      if (extra !== undefined) {
        cart.push(extra);
        emit("cart", { item_id: item(extra), page: "/cart" });
      }
    }
    current = random.chance(0.8)
      ? serve("pdp-similar", 4, 0.3, `/p/${item(current)}`, [current])
      : undefined;
  }
  if (cart.length > 0) {
    if (random.chance(0.6)) checkout(cart);
    else user.abandonedCart.push(...cart);
  }
}

/** Builds the event with keys in schema order, leaving out what is unset. */
function orderedEvent(fields: Partial<BehaviourEvent>): BehaviourEvent {
  const keys: (keyof BehaviourEvent)[] = [
    "event_id",
    "event_type",
    "event_time",
    "user_id",
    "session_id",
    "item_id",
    "channel",
    "recommendation_id",
    "position",
    "price",
    "quantity",
    "device",
    "page",
    "experiment",
    "variant",
  ];
  const event: Record<string, unknown> = {};
  for (const key of keys) if (fields[key] !== undefined) event[key] = fields[key];
  return event as unknown as BehaviourEvent;
}

/**
 * Orders events as a stream would deliver them: some arrive hours late (at least one per day
 * boundary lands after midnight, in the next day's traffic), and some are delivered twice.
 */
function arrivalOrder(ctx: Context, firstDay: number, days: number): BehaviourEvent[] {
  const { random } = ctx;
  const late = ctx.out.map((a) =>
    random.chance(LATE_RATE) ? { ...a, arrival: a.arrival + random.int(1, 6) * HOUR } : a,
  );
  for (let day = 0; day < days - 1; day++) {
    const midnight = firstDay + (day + 1) * DAY;
    const times = late.map((a) => Date.parse(a.event.event_time));
    let lastOfDay = -1;
    times.forEach((t, i) => {
      if (t < midnight && (lastOfDay < 0 || t > times[lastOfDay])) lastOfDay = i;
    });
    if (lastOfDay < 0) continue;
    // Deliver it right after next-day traffic at least two hours younger than itself.
    let overtaken = -1;
    times.forEach((t, i) => {
      if (
        t >= midnight &&
        t >= times[lastOfDay] + 2 * HOUR &&
        (overtaken < 0 || late[i].arrival < late[overtaken].arrival)
      ) {
        overtaken = i;
      }
    });
    if (overtaken >= 0)
      late[lastOfDay] = { ...late[lastOfDay], arrival: late[overtaken].arrival + 1 };
  }
  const duplicated = late.flatMap((a) =>
    random.chance(DUPLICATE_RATE)
      ? [
          a,
          {
            event: { ...a.event },
            arrival: a.arrival + random.int(500, 60_000),
            order: a.order + 0.5,
          },
        ]
      : [a],
  );
  return duplicated.sort((x, y) => x.arrival - y.arrival || x.order - y.order).map((a) => a.event);
}
