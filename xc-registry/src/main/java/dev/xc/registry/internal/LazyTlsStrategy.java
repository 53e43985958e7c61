package dev.xc.registry.internal;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;

/**
 * The HTTP library's default TLS strategy, made on the first TLS connection rather than when the client is built:
 * building it loads and parses the JDK's trust store, which a pull or push over plain HTTP (a loopback registry)
 * never needs. Thread-safe.
 */
public final class LazyTlsStrategy implements TlsSocketStrategy {

    private volatile TlsSocketStrategy delegate;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        TlsSocketStrategy d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = DefaultClientTlsStrategy.createDefault();
                    delegate = d;
                }
            }
        }
        return d.upgrade(socket, target, port, attachment, context);
    }
}
