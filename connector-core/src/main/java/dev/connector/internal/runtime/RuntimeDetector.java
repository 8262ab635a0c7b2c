package dev.connector.internal.runtime;

import dev.connector.DetectedRuntime;
import dev.connector.RuntimeKind;

import java.util.Map;

/** Recognises the runtime from environment variables, per the runtime table in the README. */
public final class RuntimeDetector {

    private RuntimeDetector() {
    }

    public static DetectedRuntime detect(Map<String, String> env) {
        String function = value(env, "AWS_LAMBDA_FUNCTION_NAME");
        String executionEnv = value(env, "AWS_EXECUTION_ENV");
        if (function != null && executionEnv != null && executionEnv.startsWith("AWS_Lambda_")) {
            String reason = "AWS_LAMBDA_FUNCTION_NAME=" + function + ", AWS_EXECUTION_ENV=" + executionEnv;
            int concurrency = lambdaConcurrency(env);
            if (concurrency > 1) {
                return new DetectedRuntime(RuntimeKind.AWS_LAMBDA_MANAGED_INSTANCES,
                        reason + ", AWS_LAMBDA_MAX_CONCURRENCY=" + concurrency, concurrency, function);
            }
            String init = value(env, "AWS_LAMBDA_INITIALIZATION_TYPE");
            if ("snap-start".equals(init)) {
                return new DetectedRuntime(RuntimeKind.AWS_LAMBDA_SNAPSTART,
                        reason + ", AWS_LAMBDA_INITIALIZATION_TYPE=snap-start", 1, function);
            }
            return new DetectedRuntime(RuntimeKind.AWS_LAMBDA, reason, 1, function);
        }
        String target = value(env, "FUNCTION_TARGET");
        if (target != null) {
            String service = value(env, "K_SERVICE");
            return new DetectedRuntime(RuntimeKind.GOOGLE_CLOUD_FUNCTIONS, "FUNCTION_TARGET=" + target, 1,
                    service != null ? service : target);
        }
        String service = value(env, "K_SERVICE");
        String configuration = value(env, "K_CONFIGURATION");
        if (service != null && configuration != null) {
            return new DetectedRuntime(RuntimeKind.GOOGLE_CLOUD_RUN,
                    "K_SERVICE=" + service + ", K_CONFIGURATION=" + configuration, 1, service);
        }
        String job = value(env, "CLOUD_RUN_JOB");
        if (job != null) {
            return new DetectedRuntime(RuntimeKind.GOOGLE_CLOUD_RUN, "CLOUD_RUN_JOB=" + job, 1, job);
        }
        String extension = value(env, "FUNCTIONS_EXTENSION_VERSION");
        String site = value(env, "WEBSITE_SITE_NAME");
        if (extension != null && site != null) {
            return new DetectedRuntime(RuntimeKind.AZURE_FUNCTIONS,
                    "FUNCTIONS_EXTENSION_VERSION=" + extension + ", WEBSITE_SITE_NAME=" + site, 1, site);
        }
        return new DetectedRuntime(RuntimeKind.SERVER, "no serverless platform variables found", 1, null);
    }

    private static int lambdaConcurrency(Map<String, String> env) {
        String text = value(env, "AWS_LAMBDA_MAX_CONCURRENCY");
        if (text == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
