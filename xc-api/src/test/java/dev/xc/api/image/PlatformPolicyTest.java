package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PlatformPolicyTest {

    static final List<Platform> BOTH = List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"),
            Platform.parse("FreeBSD/amd64"));
    static final List<Platform> LINUX_ONLY = List.of(Platform.parse("linux/arm64"), Platform.parse("linux/amd64"));

    @Test
    void freeBsdIsPreferredOverLinuxWhenBothAreOffered() {
        assertEquals(Optional.of(2), PlatformPolicy.preferFreeBsd("amd64").select(BOTH));
    }

    @Test
    void linuxIsChosenWhenOnlyLinuxIsOfferedAndAllowed() {
        assertEquals(Optional.of(1), PlatformPolicy.preferFreeBsd("x86_64").select(LINUX_ONLY));
    }

    @Test
    void nothingIsChosenWhenLinuxIsNotAllowed() {
        assertEquals(Optional.empty(), new PlatformPolicy("amd64", false, Optional.empty()).select(LINUX_ONLY));
        assertEquals(Optional.of(2), new PlatformPolicy("amd64", false, Optional.empty()).select(BOTH));
    }

    @Test
    void nothingIsChosenForAnotherArchitecture() {
        assertEquals(Optional.empty(), PlatformPolicy.preferFreeBsd("riscv64").select(BOTH));
    }

    @Test
    void overrideReplacesThePreference() {
        PlatformPolicy p = new PlatformPolicy("amd64", false, Optional.of(Platform.parse("linux/arm64")));
        assertEquals(List.of(Platform.parse("linux/arm64")), p.preference());
        assertEquals(Optional.of(1), p.select(BOTH));
        assertEquals(Optional.empty(), p.select(List.of(Platform.parse("freebsd/amd64"))));
    }

    @Test
    void preferenceListsFreeBsdFirst() {
        assertEquals(List.of(Platform.parse("freebsd/arm64"), Platform.parse("linux/arm64")),
                PlatformPolicy.preferFreeBsd("aarch64").preference());
        assertEquals("arm64", PlatformPolicy.preferFreeBsd("AARCH64").hostArchitecture());
    }

    @Test
    void badHostArchitectureFailsAtConstruction() {
        assertXc(ErrorCode.INVALID_PLATFORM, "invalid platform part ''", () -> PlatformPolicy.preferFreeBsd(""));
    }
}
