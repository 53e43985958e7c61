package dev.xc.cli.internal;

import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@code xc rdr list} and {@code xc rdr show-rules} print. */
class RdrCommandTest {

    private static final List<PortRedirect> TWO = List.of(
            new PortRedirect("0123456789ab", PortPublish.parse("8080:80/tcp"), "10.9.0.3", List.of("em0")),
            new PortRedirect("0123456789ab", PortPublish.parse("igb0,ixl3|5353:53/udp"), "10.9.0.3",
                    List.of("igb0", "ixl3")));

    @Test
    void listPrintsTheCountAHeaderAndOneRowPerRedirect() {
        assertEquals("""
                2 redirection(s)
                PUBLISH                DESTINATION  INTERFACES
                8080:80/tcp            10.9.0.3     em0
                igb0,ixl3|5353:53/udp  10.9.0.3     igb0,ixl3""", RdrCommand.render(TWO, true, false));
    }

    @Test
    void minusHLeavesOutCountAndHeader() {
        assertEquals("""
                8080:80/tcp            10.9.0.3  em0
                igb0,ixl3|5353:53/udp  10.9.0.3  igb0,ixl3""", RdrCommand.render(TWO, false, false));
        assertEquals("", RdrCommand.render(List.of(), false, false));
    }

    @Test
    void showRulesNamesTheContainer() {
        assertEquals("""
                1 redirection(s)
                CONTAINER     PUBLISH      DESTINATION  INTERFACES
                0123456789ab  8080:80/tcp  10.9.0.3     em0""", RdrCommand.render(TWO.subList(0, 1), true, true));
        assertEquals("0 redirection(s)\nCONTAINER  PUBLISH  DESTINATION  INTERFACES",
                RdrCommand.render(List.of(), true, true));
    }
}
