/**
 * Loaded by mocha before the suites: the suites' Lambda bundles come from the same content-checked
 * cache the offline plan uses (.cache/lambda-bundles/), so an unchanged handler is bundled once,
 * not once per suite and worker.
 */
import * as path from "node:path";
import { useBundleCache } from "../components/shared/bundle-cache";

useBundleCache(path.resolve(__dirname, "..", ".cache", "lambda-bundles"));
