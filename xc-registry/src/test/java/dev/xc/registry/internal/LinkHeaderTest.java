package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkHeaderTest {

    @Test
    void distributionNextLink() {
        assertEquals(Optional.of("/v2/a/b/tags/list?last=3.19&n=100"),
                LinkHeader.next("</v2/a/b/tags/list?last=3.19&n=100>; rel=\"next\""));
    }

    @Test
    void nextAmongSeveralLinksAndRelLists() {
        String h = "<https://x/prev>; rel=prev, <https://x/p2?a=1,2>; title=\"a;b\"; rel=\"start next\"";
        assertEquals(Optional.of("https://x/p2?a=1,2"), LinkHeader.next(h));
        assertEquals(2, LinkHeader.parseAll(h).size());
        assertEquals(Optional.empty(), LinkHeader.next("<https://x/prev>; rel=prev"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://x; rel=next", "<https://x; rel=next", "<a> rel=next", "<a>; =x", "<a>; rel=\"x"})
    void malformedIsRejected(String header) {
        XcException e = assertThrows(XcException.class, () -> LinkHeader.parseAll(header));
        assertEquals(ErrorCode.REGISTRY_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("malformed Link header '" + header + "'"), e.getMessage());
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("links") List<LinkHeader> links) {
        String text = links.stream().map(LinkHeader::toString).collect(Collectors.joining(", "));
        assertEquals(links, LinkHeader.parseAll(text), text);
    }

    @Property(tries = 1000)
    void nextFindsTheFirstNextLink(@ForAll("links") List<LinkHeader> links) {
        String text = links.stream().map(LinkHeader::toString).collect(Collectors.joining(","));
        Optional<String> expected = links.stream().filter(l -> l.hasRel("next")).map(LinkHeader::target).findFirst();
        assertEquals(expected, LinkHeader.next(text));
    }

    @Provide
    Arbitrary<List<LinkHeader>> links() {
        Arbitrary<String> target = Arbitraries.strings().withChars("abcxyz019/:?&=.,;_-%").ofMaxLength(30)
                .map(s -> "/v2/" + s);
        Arbitrary<String> name = Arbitraries.of("rel", "title", "type", "anchor", "x-n");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("next", "prev", "start next", "NEXT"),
                Arbitraries.strings().withChars("ab ,;=\"\\<").ofMaxLength(10));
        Arbitrary<Map<String, String>> params = Arbitraries.maps(name, value).ofMaxSize(3).map(LinkedHashMap::new);
        return Combinators.combine(target, params).as(LinkHeader::new).list().ofMaxSize(4);
    }
}
