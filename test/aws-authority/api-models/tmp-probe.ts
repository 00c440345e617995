import { shippedPlan } from "../../realtime/plans";
(async () => {
  const plan = await shippedPlan("prod");
  for (const r of plan.resources) {
    if (r.type.startsWith("pulumi-nodejs:dynamic")) {
      const { __provider, ...rest } = r.inputs as any;
      console.log(r.type, r.name, JSON.stringify(rest).slice(0, 600));
    }
    if (r.type === "aws:sfn/stateMachine:StateMachine")
      console.log(r.name, (r.inputs as any).definition.slice(0, 200));
    if (r.type === "aws:lambda/function:Function")
      console.log(r.name, JSON.stringify((r.inputs as any).environment));
  }
  process.exit(0);
})();
