/**
 * The bad-input table: what a user types or writes, the exit status, and the exact message.
 * `<dir>` in a message stands for the scratch project the case runs in. Every case must leave
 * the project's files as they were.
 */
import { TOOL_CASES } from "./bad-input-tool-cases";

export type Command = "plan" | "cost" | "kpi" | "events" | "train";

export interface BadInputCase {
  readonly name: string;
  readonly command: Command;
  readonly argv: string[];
  /** Files the case needs, written before it runs and removed after. */
  readonly files?: Readonly<Record<string, string>>;
  readonly exit: number;
  /** Exact text on stderr (trailing newline trimmed). */
  readonly message: string;
}

const STACK_BASE = [
  "  aws:region: us-east-1",
  "  reco-analytics:tier: dev",
  "  reco-analytics:owner: data-platform",
  "  reco-analytics:costCenter: cc-1",
];
const keyOf = (line: string) => line.trim().split(":").slice(0, 2).join(":");
/** A stack file `Pulumi.bad.yaml`: a valid dev stack with `lines` added or replacing its keys. */
const stack = (...lines: string[]) => ({
  "Pulumi.bad.yaml": [
    "config:",
    ...STACK_BASE.filter((base) => !lines.some((l) => keyOf(l) === keyOf(base))),
    ...lines,
    "",
  ].join("\n"),
});
const FAILED = 'offline plan of stack "bad" failed:';
const one = (problem: string) =>
  `${FAILED}\nStack "bad" has 1 invalid configuration value:\n  - ${problem}`;

const PLAN_USAGE =
  "usage: npm run plan -- --stack <name> [--json <file>] [--program <path>] [--project-dir <dir>]";
const NEW_STACK = [
  "config:",
  "  aws:region: us-east-1",
  "  reco-analytics:tier: <value>  # Tier whose defaults this stack starts from: dev (cheap, disposable) or prod (durable). (dev | prod)",
  "  reco-analytics:owner: <value>  # Team that owns the stack; becomes the `owner` tag on every resource.",
  "  reco-analytics:costCenter: <value>  # Cost centre billed for the stack; becomes the `cost-center` tag.",
].join("\n");

/** Cases of the offline plan: arguments, programs, stack files and configuration. */
export const PLAN_CASES: readonly BadInputCase[] = [
  // Arguments
  {
    name: "plan without --stack",
    command: "plan",
    argv: [],
    exit: 2,
    message: `--stack is required\n${PLAN_USAGE}`,
  },
  {
    name: "plan with an unknown flag",
    command: "plan",
    argv: ["--stack", "dev", "--stak", "prod"],
    exit: 2,
    message: `Unknown option '--stak'\n${PLAN_USAGE}`,
  },
  {
    name: "plan of a stack with no stack file",
    command: "plan",
    argv: ["--stack", "nope"],
    exit: 2,
    message: `offline plan: no stack file Pulumi.nope.yaml in <dir>; stacks here: dev, dev-search, prod, prod-msk, web. Create it with the keys every stack must set, e.g.:\n${NEW_STACK}`,
  },
  {
    name: "plan --json naming a directory (EISDIR), refused before the plan runs",
    command: "plan",
    argv: ["--stack", "dev", "--json", "docs"],
    exit: 2,
    message: "--json docs is a directory. Fix: name a file in it, e.g. --json docs/result.json",
  },
  {
    name: "plan --json under a file",
    command: "plan",
    argv: ["--stack", "dev", "--json", "README.md/plan.json"],
    exit: 2,
    message: "--json README.md/plan.json: <dir>/README.md is a file, not a directory",
  },
  {
    name: "plan --program naming a missing file",
    command: "plan",
    argv: ["--stack", "dev", "--program", "missing.ts"],
    exit: 2,
    message:
      "offline plan: the program <dir>/missing.ts does not exist. Fix: pass the path of the program's .ts or .js file",
  },
  {
    name: "plan in a directory without Pulumi.yaml",
    command: "plan",
    argv: ["--stack", "dev", "--project-dir", "docs"],
    exit: 2,
    message: "offline plan: no Pulumi.yaml in <dir>/docs; run the plan from the project directory",
  },
  // Programs
  {
    name: "a program that throws",
    command: "plan",
    argv: ["--stack", "dev", "--program", "throws.ts"],
    files: { "throws.ts": 'export const x = 1;\nthrow new Error("the program broke");\n' },
    exit: 1,
    message: `offline plan of stack "dev" failed:\nError: the program broke\n    at Object.<anonymous> (<dir>/throws.ts:2:7)`,
  },
  {
    name: "a program with a syntax error",
    command: "plan",
    argv: ["--stack", "dev", "--program", "syntax.ts"],
    files: { "syntax.ts": "const x = ;\n" },
    exit: 1,
    message: [
      'offline plan of stack "dev" failed:',
      "syntax error:",
      "  x Expression expected",
      "   ,-[<dir>/syntax.ts:1:1]",
      " 1 | const x = ;",
      "   :           ^",
      "   `----",
    ].join("\n"),
  },
  {
    name: "a program that leaves a promise rejection unhandled",
    command: "plan",
    argv: ["--stack", "dev", "--program", "reject.ts"],
    files: { "reject.ts": 'Promise.reject(new Error("nobody handles me"));\n' },
    exit: 1,
    message: `offline plan of stack "dev" failed:\na promise rejection nothing handled: Error: nobody handles me\n    at Object.<anonymous> (<dir>/reject.ts:1:16)`,
  },
  {
    name: "a program that throws from a callback (uncaught exception)",
    command: "plan",
    argv: ["--stack", "dev", "--program", "uncaught.ts"],
    files: { "uncaught.ts": 'setImmediate(() => {\n  throw new Error("thrown later");\n});\n' },
    exit: 1,
    message: `offline plan of stack "dev" failed:\nError: thrown later\n    at Immediate.<anonymous> (<dir>/uncaught.ts:2:9)`,
  },
  {
    name: "a program that gives a component a bad argument",
    command: "plan",
    argv: ["--stack", "dev", "--program", "bad-args.ts"],
    files: {
      "bad-args.ts":
        'import { AlarmTopic } from "reco-analytics";\nnew AlarmTopic("alerts", { emails: ["oncall"] });\n',
    },
    exit: 1,
    message: `offline plan of stack "dev" failed:\nAlarmTopic "alerts" has 1 invalid argument:\n  - emails[0] "oncall" is not an e-mail address; use name@example.com`,
  },
  // Stack files and configuration
  {
    name: "a stack file whose config is a string (config: hello)",
    command: "plan",
    argv: ["--stack", "bad"],
    files: { "Pulumi.bad.yaml": "config: hello\n" },
    exit: 2,
    message: `offline plan: <dir>/Pulumi.bad.yaml: config must be a mapping of namespace:key: value, not "hello". Fix: write it as\n${NEW_STACK}`,
  },
  {
    name: "a stack file that is not YAML",
    command: "plan",
    argv: ["--stack", "bad"],
    files: { "Pulumi.bad.yaml": "config: [unclosed\n" },
    exit: 2,
    message:
      "offline plan: <dir>/Pulumi.bad.yaml is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:\n\nconfig: [unclosed\n\n^",
  },
  {
    name: 'owner: with no value (YAML null) is not the tag "null"',
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack("  reco-analytics:owner:"),
    exit: 2,
    message: one(
      "reco-analytics:owner is not set; it must be 1-256 letters, digits, spaces or _.:/=+-@. Fix: pulumi config set reco-analytics:owner data-platform --stack bad",
    ),
  },
  {
    name: "an owner of spaces only",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack('  reco-analytics:owner: "   "'),
    exit: 2,
    message: one(
      "reco-analytics:owner is not set; it must be 1-256 letters, digits, spaces or _.:/=+-@. Fix: pulumi config set reco-analytics:owner data-platform --stack bad",
    ),
  },
  {
    name: "a typo in the project namespace",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack("  reco-analytcs:realtimeEngine: off"),
    exit: 2,
    message: one(
      'reco-analytcs:realtimeEngine is in namespace "reco-analytcs", which this program does not read; did you mean reco-analytics:realtimeEngine? Fix: pulumi config rm reco-analytcs:realtimeEngine --stack bad, then pulumi config set reco-analytics:realtimeEngine <value> --stack bad',
    ),
  },
  {
    name: "retrainSchedule rate(0 days) (once priced at $∞)",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack('  reco-analytics:retrainSchedule: "rate(0 days)"'),
    exit: 2,
    message: one(
      "reco-analytics:retrainSchedule is \"rate(0 days)\"; a rate's value must be a positive whole number, e.g. rate(1 day) or cron(0 3 * * ? *). Fix: pulumi config set reco-analytics:retrainSchedule 'rate(1 day)' --stack bad",
    ),
  },
  {
    name: "retrainSchedule cron(bogus) (once priced at $NaN)",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack('  reco-analytics:retrainSchedule: "cron(bogus)"'),
    exit: 2,
    message: one(
      'reco-analytics:retrainSchedule is "cron(bogus)"; a cron expression has 6 fields (minutes hours day-of-month month day-of-week year); "bogus" has 1, e.g. rate(1 day) or cron(0 3 * * ? *). Fix: pulumi config set reco-analytics:retrainSchedule \'rate(1 day)\' --stack bad',
    ),
  },
  {
    name: "a secret where a secret makes no sense (realtimeEngine)",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack("  reco-analytics:realtimeEngine:", "    secure: AAABAKx1c2VjcmV0"),
    exit: 2,
    message: one(
      "reco-analytics:realtimeEngine is a secret, but it is not sensitive and the plan needs to read it; secrets are for assumeRoleArn. Fix: pulumi config set reco-analytics:realtimeEngine lambda --stack bad (without --secret)",
    ),
  },
  {
    name: "a misspelt aws:region",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack("  aws:regoin: eu-west-1"),
    exit: 2,
    message: one(
      "aws:regoin is not an AWS provider setting; did you mean aws:region? Fix: pulumi config rm aws:regoin --stack bad, then pulumi config set aws:region <value> --stack bad",
    ),
  },
  {
    name: "three bad keys: one report with all three",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack(
      "  reco-analytics:logRetentionDays: 10",
      "  reco-analytics:streamMode: provisioned",
      "  reco-analytics:alarmEmails: [oncall]",
    ),
    exit: 2,
    message: [
      FAILED,
      'Stack "bad" has 3 invalid configuration values:',
      '  - reco-analytics:streamMode is "provisioned"; it must be one of auto, ON_DEMAND, PROVISIONED. Fix: pulumi config set reco-analytics:streamMode auto --stack bad',
      '  - reco-analytics:logRetentionDays is "10"; it must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Fix: pulumi config set reco-analytics:logRetentionDays 30 --stack bad',
      '  - reco-analytics:alarmEmails is "[\\"oncall\\"]"; "oncall" is not valid; it must be a list of email addresses. Fix: pulumi config set --path \'reco-analytics:alarmEmails[0]\' oncall@example.com --stack bad',
    ].join("\n"),
  },
  {
    name: "a stream key in another region than the stream",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack(
      "  reco-analytics:existingStreamArn: arn:aws:kinesis:us-east-1:123456789012:stream/events",
      "  reco-analytics:existingStreamKmsKeyArn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ),
    exit: 2,
    message: one(
      "reco-analytics:existingStreamKmsKeyArn is \"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"; a stream's encryption key must be in the stream's region us-east-1: KMS keys are regional. Fix: pulumi config set reco-analytics:existingStreamKmsKeyArn arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab --stack bad",
    ),
  },
  {
    name: "QuickSight principals in another account than the deploy role",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack(
      "  reco-analytics:assumeRoleArn: arn:aws:iam::111111111111:role/deployer",
      "  reco-analytics:quicksightEnabled: true",
      "  reco-analytics:quicksightPrincipals:",
      "    - arn:aws:quicksight:us-east-1:222222222222:group/default/analysts",
    ),
    exit: 2,
    message: one(
      "reco-analytics:quicksightPrincipals names account 222222222222 (arn:aws:quicksight:us-east-1:222222222222:group/default/analysts) but reco-analytics:assumeRoleArn names account 111111111111; a stack deploys into one account. Fix: pulumi config set --path 'reco-analytics:quicksightPrincipals[0]' arn:aws:quicksight:us-east-1:111111111111:group/default/analysts --stack bad",
    ),
  },
  {
    name: "a peak below the average, both set: the fix raises the peak to the average",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack(
      "  reco-analytics:avgEventsPerSecond: 300",
      "  reco-analytics:peakEventsPerSecond: 200",
    ),
    exit: 2,
    message: one(
      'reco-analytics:peakEventsPerSecond is "200"; it must be at least reco-analytics:avgEventsPerSecond (300). Fix: pulumi config set reco-analytics:peakEventsPerSecond 300 --stack bad',
    ),
  },
  {
    name: "a prod stack without QuickSight principals (the README's first staging file)",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack("  reco-analytics:tier: prod"),
    exit: 2,
    message: one(
      "reco-analytics:quicksightPrincipals is not set but the prod tier turns QuickSight on; a dashboard shared with nobody cannot be opened. Fix: pulumi config set --path 'reco-analytics:quicksightPrincipals[0]' arn:aws:quicksight:us-east-1:123456789012:group/default/marketing --stack bad or pulumi config set reco-analytics:quicksightEnabled false --stack bad",
    ),
  },
  {
    name: "an average above the tier's default peak",
    command: "plan",
    argv: ["--stack", "bad"],
    files: stack("  reco-analytics:avgEventsPerSecond: 80"),
    exit: 2,
    message: one(
      'reco-analytics:avgEventsPerSecond is "80"; it is above the dev tier\'s default peak of 50 events/s (reco-analytics:peakEventsPerSecond is not set), and the peak must be at least the average. Fix: pulumi config set reco-analytics:peakEventsPerSecond 80 --stack bad',
    ),
  },
];

export const BAD_INPUT_CASES: readonly BadInputCase[] = [...PLAN_CASES, ...TOOL_CASES];
