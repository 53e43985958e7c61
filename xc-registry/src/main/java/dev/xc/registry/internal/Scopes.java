package dev.xc.registry.internal;

import java.util.List;

/** Token scopes as the Docker token specification writes them. */
public final class Scopes {
    private Scopes() {
    }

    public static List<String> pull(String repository) {
        return List.of("repository:" + repository + ":pull");
    }

    public static List<String> push(String repository) {
        return List.of("repository:" + repository + ":pull,push");
    }
}
