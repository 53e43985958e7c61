/**
 * An example third-party firewall backend (ipfw), selected with {@code firewall: ipfw}.
 */
@NullMarked
package dev.xc.example.ipfw;

import org.jspecify.annotations.NullMarked;
