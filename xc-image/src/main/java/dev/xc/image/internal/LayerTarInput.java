package dev.xc.image.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.utils.ArchiveUtils;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Commons Compress's tar reader for one layer, with three guards of ours on each header record it reads: the checksum
 * must match, a stream may not end inside a header, and an extension header (pax {@code x}/{@code g}, GNU long name
 * {@code L}/{@code K}) may not declare more than {@value #MAX_META} bytes, so that a hostile layer cannot make the
 * library buffer an unbounded header in memory. Failures of the stream beneath are wrapped in {@link SourceFailure}
 * so that callers can tell them from damage in the tar stream. Not thread-safe.
 */
final class LayerTarInput extends TarArchiveInputStream {

    static final int MAX_META = 1 << 20;

    private static final int TYPE = 156;
    private static final int SIZE = 124;
    private static final int SIZE_LEN = 12;
    private static final int GNU_IS_EXTENDED = 482;
    private static final int SPARSE_EXT_IS_EXTENDED = 504;

    private boolean sparseExtensionNext;

    LayerTarInput(InputStream in) {
        super(new Beneath(in), TarConstants.DEFAULT_BLKSIZE, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
    }

    /** An I/O failure of the stream beneath the tar reader (the decompressor, the network), not of the tar data. */
    static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SourceFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException original() {
            return (IOException) getCause();
        }
    }

    private static final class Beneath extends FilterInputStream {
        Beneath(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }

    @Override
    protected byte[] readRecord() throws IOException {
        long before = getBytesRead();
        byte[] r = super.readRecord();
        if (isAtEOF()) {
            return r; // after the end-of-archive record nothing is looked at
        }
        if (r == null) {
            if (getBytesRead() > before) {
                throw malformed("the layer ends in the middle of a tar header");
            }
            return null; // no end-of-archive marker: tolerated, as GNU tar does
        }
        if (sparseExtensionNext) {
            sparseExtensionNext = r[SPARSE_EXT_IS_EXTENDED] != 0; // an old GNU sparse map record: no checksum
            return r;
        }
        if (ArchiveUtils.isArrayZero(r, r.length)) {
            return r;
        }
        if (!TarUtils.verifyCheckSum(r)) {
            throw malformed("a tar header has a wrong checksum (the archive is damaged or not a tar stream)");
        }
        byte type = r[TYPE];
        switch (type) {
            case TarConstants.LF_GNUTYPE_LONGNAME, TarConstants.LF_GNUTYPE_LONGLINK,
                 TarConstants.LF_PAX_EXTENDED_HEADER_LC, TarConstants.LF_PAX_EXTENDED_HEADER_UC,
                 TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER -> {
                long size;
                try {
                    size = TarUtils.parseOctalOrBinary(r, SIZE, SIZE_LEN);
                } catch (IllegalArgumentException e) {
                    throw malformed("a tar extension header has an invalid size: " + e.getMessage());
                }
                if (size > MAX_META) {
                    throw XcException.of(ErrorCode.UNSAFE_LAYER, "layer has a tar extension header of "
                            + size + " bytes, more than the limit of " + MAX_META,
                            "the layer looks like a tar bomb; rebuild it");
                }
            }
            case TarConstants.LF_GNUTYPE_SPARSE -> sparseExtensionNext = r[GNU_IS_EXTENDED] != 0;
            default -> {
            }
        }
        return r;
    }

    static XcException malformed(String what) {
        return XcException.of(ErrorCode.MALFORMED_CONTENT, "malformed tar stream in layer: " + what,
                "the layer is corrupt; pull the image again");
    }
}
