/**
 * The one mock helper of the test suites: Pulumi's mock runtime with AWS-like outputs and a
 * recorder of every registration. Call `useMocks()` at the top of a `describe`; it installs the
 * mocks in `before()` and resets the recorder before each test.
 */
import { MockOptions, ResourceRecorder, installMocks } from "../offline/recorder";

export { MOCK_ACCOUNT_ID } from "../offline/aws-mocks";
export type { RecordedResource } from "../offline/recorder";
export { ResourceRecorder, installMocks };

export function useMocks(options: MockOptions = {}): ResourceRecorder {
  const recorder = new ResourceRecorder();
  let installed: ResourceRecorder | undefined;
  before(() => {
    installed = installMocks(options);
  });
  beforeEach(() => installed!.reset());
  // A proxy so suites can hold the recorder before `before()` has run.
  return new Proxy(recorder, {
    get: (_target, prop) => {
      const target = installed ?? recorder;
      const value = (target as any)[prop];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
