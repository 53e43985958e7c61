package dev.xc.host.internal;

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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreeBsdOutputTest {

    static String sample(String name) {
        try (InputStream in = FreeBsdOutputTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void kldstatVerboseListsFilesAndTheModulesTheyContain() {
        Set<String> names = FreeBsdOutput.parseKldstat(sample("kldstat-v-amd64.txt"));
        assertEquals(List.of("vt_efifb", "if_lo", "pflog", "nullfs", "zfs", "zfsctrl", "zfs_zvol", "cryptodev", "pf",
                "pfsync", "linux64", "linux64elf", "linux_common", "linuxcommon"), List.copyOf(names));
        assertFalse(names.contains("kernel"), "the kernel file is not a module");
        assertFalse(names.contains("zfs.ko"), ".ko is stripped");
    }

    @Test
    void kldstatPlainListsFiles() {
        assertEquals(List.of("zfs", "cryptodev", "if_bridge"),
                List.copyOf(FreeBsdOutput.parseKldstat(sample("kldstat-plain-amd64.txt"))));
    }

    @Test
    void kldstatHumanisedWithModuleDataOnArm64() {
        assertEquals(List.of("pflog", "zfs"),
                List.copyOf(FreeBsdOutput.parseKldstat(sample("kldstat-vhd-arm64.txt"))));
    }

    @Test
    void kldstatEmptyOutputHasNoModules() {
        assertTrue(FreeBsdOutput.parseKldstat("").isEmpty());
        assertTrue(FreeBsdOutput.parseKldstat("Id Refs Address                Size Name\n").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "kldstat: can't find file zfs: No such file or directory",
            " 2    1 0xffffffff8213d000 zfs.ko",
            "\t\t389 zfs",   // a module line outside a "Contains modules:" block
            "Id Name Refs",
    })
    void kldstatRejectsLinesItDoesNotKnowNamingThem(String line) {
        String output = "Id Refs Address                Size Name\n"
                + " 1   38 0xffffffff80200000  1f3c6b0 kernel\n" + line + "\n";
        XcException e = assertThrows(XcException.class, () -> FreeBsdOutput.parseKldstat(output));
        assertEquals(ErrorCode.MALFORMED_CONTENT, e.code());
        assertTrue(e.getMessage().startsWith("unexpected line 3 in the output of 'kldstat': '" + line.strip() + "'"),
                e.getMessage());
    }

    /** Renders kld files as kldstat.c does ({@code "%2d %4d %*p %8zx %s"}, modules {@code "\t\t%3d %s"}) and parses. */
    @Property(tries = 1000)
    void kldstatRenderedLikeTheToolParsesBack(@ForAll("klds") List<List<String>> files) {
        StringBuilder out = new StringBuilder("Id Refs Address                Size Name\n");
        LinkedHashSet<String> expected = new LinkedHashSet<>();
        int id = 1;
        int moduleId = 1;
        for (List<String> file : files) {
            String fileName = file.getFirst();
            out.append(String.format("%2d %4d 0x%016x %8x %s.ko (/boot/kernel/%s.ko)%n", id, id % 7 + 1,
                    0xffffffff80200000L + id * 0x10000L, id * 4099, fileName, fileName));
            expected.add(fileName);
            out.append("\tContains modules:\n\t\t Id Name\n");
            for (String module : file.subList(1, file.size())) {
                out.append(String.format("\t\t%3d %s%n", moduleId++, module));
                expected.add(module);
            }
            id++;
        }
        assertEquals(List.copyOf(expected), List.copyOf(FreeBsdOutput.parseKldstat(out.toString())));
    }

    @Provide
    Arbitrary<List<List<String>>> klds() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_")
                .ofMinLength(1).ofMaxLength(12).filter(w -> !w.equals("kernel") && !w.endsWith(".ko"));
        Arbitrary<List<String>> file = Combinators.combine(word, word.list().ofMaxSize(4))
                .as((f, mods) -> {
                    List<String> l = new ArrayList<>();
                    l.add(f);
                    l.addAll(mods);
                    return l;
                });
        return file.list().ofMaxSize(6);
    }

    @Test
    void osreldate() {
        assertEquals(1401000, FreeBsdOutput.parseOsreldate(sample("sysctl-kern.osreldate.txt")));
        assertEquals(1500019, FreeBsdOutput.parseOsreldate("1500019"));
    }

    @Property(tries = 1000)
    void osreldateRoundTrip(@ForAll("osreldates") int value) {
        assertEquals(value, FreeBsdOutput.parseOsreldate(value + "\n"));
    }

    @Provide
    Arbitrary<Integer> osreldates() {
        return Arbitraries.integers().between(1, 999_999_999);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "14.1", "1401000 x", "sysctl: unknown oid 'kern.osreldate'", "9999999999"})
    void osreldateRejectsAnythingElse(String output) {
        XcException e = assertThrows(XcException.class, () -> FreeBsdOutput.parseOsreldate(output));
        assertEquals(ErrorCode.MALFORMED_CONTENT, e.code());
        assertEquals("unexpected output from 'sysctl -n kern.osreldate': '" + output.strip() + "'", e.getMessage());
    }

    @Test
    void feature() {
        assertTrue(FreeBsdOutput.parseFeature("kern.features.vimage", "1\n"));
        assertFalse(FreeBsdOutput.parseFeature("kern.features.vimage", "0\n"));
        XcException e = assertThrows(XcException.class,
                () -> FreeBsdOutput.parseFeature("kern.features.vimage", "yes"));
        assertEquals(ErrorCode.MALFORMED_CONTENT, e.code());
        assertEquals("unexpected output from 'sysctl -n kern.features.vimage': 'yes'", e.getMessage());
    }
}
