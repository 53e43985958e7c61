package dev.xc.host;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetachFilterTest {

    private static final byte P = DetachFilter.CTRL_P;

    @Test
    void plainKeysPassUnchanged() {
        DetachFilter.Result r = new DetachFilter().filter("ls -l\n".getBytes());
        assertArrayEquals("ls -l\n".getBytes(), r.pass());
        assertFalse(r.detach());
    }

    @Test
    void ctrlPThenQDetachesAndDropsWhatFollows() {
        DetachFilter.Result r = new DetachFilter().filter(new byte[] {'a', P, 'q', 'b'});
        assertArrayEquals(new byte[] {'a'}, r.pass());
        assertTrue(r.detach());
    }

    @Test
    void theSequenceMaySplitAcrossReads() {
        DetachFilter f = new DetachFilter();
        DetachFilter.Result first = f.filter(new byte[] {'x', P});
        assertArrayEquals(new byte[] {'x'}, first.pass());
        assertTrue(f.holding());
        DetachFilter.Result second = f.filter(new byte[] {'q'});
        assertTrue(second.detach());
        assertArrayEquals(new byte[0], second.pass());
    }

    @Test
    void ctrlPThenAnotherKeyPassesBoth() {
        DetachFilter f = new DetachFilter();
        assertArrayEquals(new byte[0], f.filter(new byte[] {P}).pass());
        DetachFilter.Result r = f.filter(new byte[] {'x'});
        assertArrayEquals(new byte[] {P, 'x'}, r.pass());
        assertFalse(r.detach());
    }

    @Test
    void ctrlPCtrlPPassesBothAndStartsAfresh() {
        DetachFilter f = new DetachFilter();
        DetachFilter.Result r = f.filter(new byte[] {P, P, 'q'});
        assertArrayEquals(new byte[] {P, P, 'q'}, r.pass());
        assertFalse(r.detach());
        assertTrue(f.filter(new byte[] {P, 'q'}).detach());
    }

    @Test
    void aCtrlPHeldAtTheEndOfInputIsPassedOnByFinish() {
        DetachFilter f = new DetachFilter();
        f.filter(new byte[] {'a', P});
        assertArrayEquals(new byte[] {P}, f.finish());
        assertArrayEquals(new byte[0], f.finish());
    }

    @Test
    void nothingIsFilteredAfterTheDetach() {
        DetachFilter f = new DetachFilter();
        f.filter(new byte[] {P, 'q'});
        assertThrows(IllegalStateException.class, () -> f.filter(new byte[] {'a'}));
    }

    @Test
    void anUppercaseQDoesNotDetach() {
        DetachFilter.Result r = new DetachFilter().filter(new byte[] {P, 'Q'});
        assertFalse(r.detach());
        assertArrayEquals(new byte[] {P, 'Q'}, r.pass());
    }

    /** Keystrokes with many Ctrl-P but no detach pass through unchanged, however they are split into reads. */
    @Property(tries = 1000)
    void withoutTheSequenceEverythingPassesWhateverTheSplits(@ForAll("keys") byte[] keys,
                                                            @ForAll("cuts") List<Integer> cuts) {
        DetachFilter f = new DetachFilter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        for (int cut : cuts) {
            int len = Math.min(cut, keys.length - pos);
            DetachFilter.Result r = f.filter(keys, pos, len);
            assertFalse(r.detach());
            out.writeBytes(r.pass());
            pos += len;
        }
        DetachFilter.Result r = f.filter(keys, pos, keys.length - pos);
        out.writeBytes(r.pass());
        out.writeBytes(f.finish());
        assertArrayEquals(keys, out.toByteArray());
    }

    /** With the sequence somewhere, exactly what precedes it passes (pairs started by Ctrl-P kept whole). */
    @Property(tries = 1000)
    void withTheSequenceWhatPrecedesItPasses(@ForAll("keys") byte[] before, @ForAll("keys") byte[] after,
                                             @ForAll("cuts") List<Integer> cuts) {
        // make "before" end outside a pending Ctrl-P: append a plain key when it ends in an odd run
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(before);
        if (pendingAfter(before)) {
            in.write('.');
        }
        byte[] expected = in.toByteArray();
        in.write(P);
        in.write('q');
        in.writeBytes(after);
        byte[] all = in.toByteArray();
        DetachFilter f = new DetachFilter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        boolean detached = false;
        List<Integer> steps = new java.util.ArrayList<>(cuts);
        steps.add(all.length);
        for (int cut : steps) {
            int len = Math.min(cut, all.length - pos);
            DetachFilter.Result r = f.filter(all, pos, len);
            out.writeBytes(r.pass());
            pos += len;
            if (r.detach()) {
                detached = true;
                break;
            }
        }
        assertTrue(detached);
        assertArrayEquals(expected, out.toByteArray());
    }

    /** Whether the filter would be holding a Ctrl-P after {@code keys}. */
    private static boolean pendingAfter(byte[] keys) {
        boolean pending = false;
        for (byte b : keys) {
            pending = !pending && b == P;
        }
        return pending;
    }

    @Provide
    Arbitrary<byte[]> keys() {
        // no 'q' right after a Ctrl-P: built from plain keys and Ctrl-P pairs that are not the sequence
        return Arbitraries.of((byte) 'a', (byte) 'q', (byte) '\n', (byte) 3, P).array(byte[].class).ofMaxSize(40)
                .filter(DetachFilterTest::noSequence);
    }

    private static boolean noSequence(byte[] keys) {
        boolean pending = false;
        for (byte b : keys) {
            if (pending && b == 'q') {
                return false;
            }
            pending = !pending && b == P;
        }
        return true;
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 5).list().ofMaxSize(10);
    }
}
