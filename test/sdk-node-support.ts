/**
 * Loaded by mocha before the suites. The AWS SDK warns on Node 20 that its releases after January
 * 2027 will need Node 22; the lockfile pins releases that support Node 20 (the README's floor),
 * so in this project the warning concerns versions it does not install.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
