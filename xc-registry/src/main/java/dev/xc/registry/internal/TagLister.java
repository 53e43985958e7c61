package dev.xc.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code GET /v2/<name>/tags/list}, one page; the next page's URI comes from the {@code Link} header. */
public record TagLister(Registry registry, String repository, URI uri) implements RegistryEndpoint<TagLister.Page> {

    /** One page of tags and where the next one is. */
    public record Page(List<String> tags, Optional<URI> next) {
        public Page {
            tags = List.copyOf(tags);
        }
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public List<String> scopes() {
        return Scopes.pull(repository);
    }

    @Override
    public List<String> accept() {
        return List.of("application/json");
    }

    @Override
    public String describe() {
        return "list the tags of " + registry.server() + "/" + repository;
    }

    @Override
    public Page handle(ClassicHttpResponse response, URI from) throws IOException {
        JsonNode root;
        try (InputStream in = response.getEntity().getContent()) {
            root = Json.MAPPER.readTree(in.readNBytes(16 << 20));
        }
        List<String> tags = new ArrayList<>();
        JsonNode a = root == null ? null : root.get("tags");
        if (a != null && a.isArray()) {
            a.forEach(t -> tags.add(t.asText()));
        } else if (a != null && !a.isNull()) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "registry " + registry.server()
                    + " sent a tag list without a 'tags' array", "report it to the registry's operator");
        }
        Optional<URI> next = Optional.empty();
        for (Header h : response.getHeaders("Link")) {
            Optional<String> n = LinkHeader.next(h.getValue());
            if (n.isPresent()) {
                next = Optional.of(from.resolve(n.get()));
                break;
            }
        }
        return new Page(tags, next);
    }
}
