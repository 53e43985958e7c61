package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to an image in a registry: {@code [registry/]repository[:tag][@digest]}.
 *
 * <p>Rules, as Docker and the OCI distribution specification apply them:
 * <ul>
 *   <li>The first path component is a registry host when it contains a {@code .} or a {@code :}, or is
 *       {@code localhost}; otherwise the registry is Docker Hub ({@value #DOCKER_HUB}).</li>
 *   <li>On Docker Hub a one-component repository gets the {@code library/} prefix: {@code alpine} is
 *       {@code docker.io/library/alpine}.</li>
 *   <li>Repository components are lower-case letters and digits joined by {@code .}, {@code _}, {@code __} or runs
 *       of {@code -}; tags are at most 128 characters of letters, digits, {@code _ . -}, not starting with
 *       {@code .} or {@code -}.</li>
 *   <li>With neither tag nor digest the tag is {@code latest} (the original xc required one; accepting more is
 *       compatible). A digest, when present, decides what is pulled; a tag beside it is kept for display.</li>
 * </ul>
 * Text after a valid reference is an error, not ignored.
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {

    /** The registry name used when a reference names none. */
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](?::[0-9]{1,5})?");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (!HOST.matcher(registry).matches() || !looksLikeRegistry(registry) || !portInRange(registry)) {
            throw bad(registry + "/" + repository, "registry '" + registry + "' is not a host name[:port] "
                    + "(it needs a '.', a port, or to be localhost, so that it cannot be read as a repository)");
        }
        for (String c : repository.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches()) {
                throw bad(registry + "/" + repository, "repository component '" + c
                        + "' must be lower-case letters and digits, joined by '.', '_', '__' or '-'");
            }
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (repository.length() > 255) {
            throw bad(registry + "/" + repository, "repository name is longer than 255 characters");
        }
        if (tag.isPresent() && !TAG.matcher(tag.get()).matches()) {
            throw bad(registry + "/" + repository + ":" + tag.get(), "tag '" + tag.get()
                    + "' must be 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of(DEFAULT_TAG);
        }
    }

    /** Parses a reference as users type it: {@code alpine}, {@code freebsdxc/freebsd:13.2}, {@code localhost:5000/a/b@sha256:...}. */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw bad(text, "the reference is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch <= ' ' || ch == 0x7f) {
                throw bad(text, "it contains a space or control character at position " + i);
            }
        }
        String rest = text;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            } catch (XcException e) {
                throw bad(text, e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (tag.get().isEmpty()) {
                throw bad(text, "the tag after ':' is empty");
            }
        }
        String registry = DOCKER_HUB;
        int first = rest.indexOf('/');
        if (first > 0) {
            String head = rest.substring(0, first);
            if (looksLikeRegistry(head)) {
                registry = head;
                rest = rest.substring(first + 1);
            }
        }
        if (rest.isEmpty()) {
            throw bad(text, "the repository name is missing");
        }
        if (!rest.equals(rest.toLowerCase(java.util.Locale.ROOT))) {
            throw bad(text, "repository names must be lower case ('" + rest + "')");
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** The same repository with another tag and no digest. */
    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, Optional.of(newTag), Optional.empty());
    }

    /** The same repository pinned to {@code d}, keeping the tag for display. */
    public ImageReference withDigest(Digest d) {
        return new ImageReference(registry, repository, tag, Optional.of(d));
    }

    /** What to ask the registry for: the digest if pinned, else the tag. */
    public String manifestReference() {
        return digest.map(Digest::toString).orElseGet(tag::orElseThrow);
    }

    /** Whether this names Docker Hub. */
    public boolean isDockerHub() {
        return registry.equals(DOCKER_HUB);
    }

    /**
     * The short form people type: Docker Hub's host and {@code library/} left out ({@code alpine:latest},
     * {@code freebsdxc/freebsd:13.2}). {@link #parse} reads it back equal: a Docker Hub repository whose first
     * component would read as a registry (such as {@code docker.io/my.org/app}) keeps its host.
     */
    public String familiar() {
        if (!isDockerHub()) {
            return toString();
        }
        String repo = repository.startsWith("library/") && repository.indexOf('/', 8) < 0
                ? repository.substring(8) : repository;
        int slash = repo.indexOf('/');
        if (slash > 0 && looksLikeRegistry(repo.substring(0, slash))) {
            return toString();
        }
        return repo + suffix();
    }

    /** The fully qualified form, {@code registry/repository[:tag][@digest]}; {@link #parse} reads it back equal. */
    @Override
    public String toString() {
        return registry + "/" + repository + suffix();
    }

    private String suffix() {
        return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    /** Whether the first path component {@code head} names a registry rather than a repository component. */
    private static boolean looksLikeRegistry(String head) {
        return head.contains(".") || head.contains(":") || head.equals("localhost") || head.startsWith("[");
    }

    private static boolean portInRange(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.lastIndexOf(']') > colon) {
            return true;
        }
        int port = Integer.parseInt(host.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_REFERENCE, "invalid image reference '" + text + "': " + why,
                "write it as [registry/]name[:tag][@sha256:digest], e.g. freebsdxc/freebsd:13.2");
    }
}
