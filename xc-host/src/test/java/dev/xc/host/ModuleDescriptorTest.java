package dev.xc.host;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module exports its API and FFM helpers, unqualified, and hides the internals. */
class ModuleDescriptorTest {

    @Test
    void exportsExactlyTheApiPackages() {
        ModuleDescriptor d = LocalHost.class.getModule().getDescriptor();
        assertEquals("dev.xc.host", d.name());
        assertEquals(Set.of("dev.xc.host", "dev.xc.host.ffi", "dev.xc.host.fs"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "no qualified exports");
        assertTrue(d.packages().contains("dev.xc.host.internal"));
        assertTrue(d.opens().isEmpty(), "nothing is opened");
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("dev.xc.api")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
    }
}
