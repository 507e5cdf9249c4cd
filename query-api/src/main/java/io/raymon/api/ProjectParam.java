package io.raymon.api;

import io.raymon.api.error.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** The {project} path parameter, validated: every query is scoped to it. */
public final class ProjectParam {
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ProjectParam() {}

    public static final String RULE = "project must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static String from(RoutingContext ctx) {
        String project = ctx.pathParam("project");
        if (!isValid(project)) {
            throw ApiException.invalidParameter(RULE);
        }
        return project;
    }

    public static boolean isValid(String project) {
        return project != null && PROJECT.matcher(project).matches();
    }
}
