package dev.xc.cli.internal;

import java.util.ArrayList;
import java.util.List;

/** Plain-text columns for listings, each as wide as its widest cell. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    Table(String... header) {
        this.header = header.clone();
    }

    void row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
    }

    String render(boolean withHeader) {
        List<String[]> all = new ArrayList<>();
        if (withHeader) {
            all.add(header);
        }
        all.addAll(rows);
        int[] width = new int[header.length];
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
