/**
 * The wire format between {@code xc}'s remote engine and {@code xcd}: the route table, the JSON mapping of the API
 * records, and the error envelope. One definition shared by both ends, so they cannot drift apart; exported only to
 * {@code dev.xc.server}.
 */
@NullMarked
package dev.xc.client.wire;

import org.jspecify.annotations.NullMarked;
