package dev.xc.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/java-home.sh}, which every launcher sources: it takes {@code JAVA_HOME} when that is a JDK 25 or newer,
 * reads the version from the JDK's {@code release} file without starting its {@code java}, and asks {@code java}
 * only when there is no release file. The JDKs here are fakes whose {@code java} leaves a mark when it is started.
 */
class JavaHomeScriptTest {

    private static final Path SCRIPT = Path.of("..", "bin", "java-home.sh").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** A fake JDK: bin/java prints a specification version and touches {@code ran}; bin/javac exists. */
    private Path fakeJdk(String name, String release, int version) throws IOException {
        Path jdk = tmp.resolve(name);
        Files.createDirectories(jdk.resolve("bin"));
        if (release != null) {
            Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\n" + release + "\n");
        }
        Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\ntouch '" + jdk.resolve("ran")
                + "'\necho '    java.specification.version = " + version + "' >&2\n");
        Path javac = Files.writeString(jdk.resolve("bin/javac"), "#!/bin/sh\nexit 0\n");
        for (Path p : new Path[] {java, javac}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return jdk;
    }

    /** Sources the script with {@code JAVA_HOME=home} and returns the JAVA_HOME it settles on. */
    private String javaHome(Path home) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$1\" && printf %s \"$JAVA_HOME\"", "t",
                SCRIPT.toString());
        pb.environment().put("JAVA_HOME", home.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aJdk25NamedByItsReleaseFileIsTakenWithoutStartingItsJava() throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT.toString());
        Path jdk = fakeJdk("jdk-25", "JAVA_VERSION=\"25.0.3\"", 25);
        assertEquals(jdk.toString(), javaHome(jdk));
        assertFalse(Files.exists(jdk.resolve("ran")), "the release file was enough; java must not have been started");
    }

    @Test
    void withoutAReleaseFileTheJdksOwnJavaIsAsked() throws Exception {
        Path jdk = fakeJdk("jdk-no-release", null, 26);
        assertEquals(jdk.toString(), javaHome(jdk));
        assertTrue(Files.exists(jdk.resolve("ran")), "java was asked for its version");
    }

    @Test
    void anOlderJdkInJavaHomeIsPassedOver() throws Exception {
        Path old = fakeJdk("jdk-17", "JAVA_VERSION=\"17.0.15\"", 17);
        String chosen = javaHome(old);
        // the search goes on beside the default java and in /usr/lib/jvm; this machine's own JDK 25 is found there
        assertFalse(chosen.equals(old.toString()), chosen);
        assertFalse(Files.exists(old.resolve("ran")), "its release file said 17; java must not have been started");
    }
}
