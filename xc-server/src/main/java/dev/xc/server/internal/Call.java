package dev.xc.server.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.client.wire.Route;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request being served: its route, parameters, caller, and body decoding. */
final class Call {

    /** Request bodies larger than this are refused. */
    static final int MAX_BODY = 16 << 20;

    final Route route;
    final Map<String, String> params;
    final Map<String, String> query;
    final Peer peer;
    final Request request;
    final Response response;
    private final ObjectMapper json;

    Call(Route route, Map<String, String> params, Peer peer, Request request, Response response, ObjectMapper json) {
        this.route = route;
        this.params = params;
        this.query = parseQuery(request.getHttpURI().getQuery());
        this.peer = peer;
        this.request = request;
        this.response = response;
        this.json = json;
    }

    String param(String name) {
        return params.get(name);
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    String requiredQuery(String name, String example) {
        return query(name).orElseThrow(() -> XcException.invalid(ErrorCode.INVALID_ARGUMENT, route.method() + " "
                + route.template() + " needs the query parameter '" + name + "'", "add ?" + name + "=" + example));
    }

    boolean flag(String name, boolean otherwise) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return otherwise;
        }
        return switch (v.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid query parameter " + name + "='"
                    + v.get() + "': expected true or false", "write ?" + name + "=true or ?" + name + "=false");
        };
    }

    <T> T body(Class<T> type) {
        return body(json.getTypeFactory().constructType(type));
    }

    <T> T bodyList(Class<?> element) {
        return body(json.getTypeFactory().constructCollectionType(List.class, element));
    }

    <T> T body(JavaType type) {
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read the body of " + route.method() + " "
                    + route.template() + ": " + e.getMessage(), "send the request again", List.of(), e);
        }
        if (bytes.length > MAX_BODY) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "the body of " + route.method() + " "
                    + route.template() + " is larger than " + MAX_BODY + " bytes", "send a smaller request");
        }
        if (bytes.length == 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, route.method() + " " + route.template()
                    + " needs a JSON body (" + type.getRawClass().getSimpleName() + ")", "send the request as JSON");
        }
        return decode(bytes, type);
    }

    <T> T decode(byte[] bytes, JavaType type) {
        try {
            return json.readValue(bytes, type);
        } catch (ValueInstantiationException e) {
            // a record's constructor refused the value: its XcException is the answer
            if (e.getCause() instanceof XcException xe) {
                throw xe;
            }
            throw invalid(type, e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage(), e);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof XcException xe) {
                throw xe;
            }
            throw invalid(type, e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw invalid(type, e.getMessage(), e);
        }
    }

    private XcException invalid(JavaType type, String why, Exception e) {
        return XcException.of(ErrorCode.INVALID_ARGUMENT, "invalid " + type.getRawClass().getSimpleName()
                        + " in the body of " + route.method() + " " + route.template() + ": " + why,
                "send the JSON the OpenAPI description (openapi.yaml) gives for this route", List.of(), e);
    }

    private static Map<String, String> parseQuery(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
