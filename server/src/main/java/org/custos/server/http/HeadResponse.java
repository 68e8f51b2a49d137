package org.custos.server.http;

import io.helidon.common.GenericType;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The answer to a {@code HEAD} request served by a {@code GET} handler (RFC 9110 section 9.3.2): the handler runs as
 * for {@code GET} and sets the same status and headers, but its body is counted and dropped. The count becomes the
 * {@code Content-Length} unless the handler set one, so a client learns the size it would get. Helidon itself does
 * not suppress bodies on {@code HEAD}, so a body written anyway would corrupt a kept-alive HTTP/1.1 connection.
 */
final class HeadResponse implements ServerResponse {
    private final ServerResponse delegate;

    HeadResponse(ServerResponse delegate) {
        this.delegate = delegate;
    }

    @Override
    public ServerResponse status(Status status) {
        delegate.status(status);
        return this;
    }

    @Override
    public Status status() {
        return delegate.status();
    }

    @Override
    public ServerResponse header(Header header) {
        delegate.header(header);
        return this;
    }

    @Override
    public void send() {
        delegate.send();
    }

    @Override
    public void send(byte[] bytes) {
        sendLength(bytes.length);
    }

    @Override
    public void send(byte[] bytes, int position, int length) {
        sendLength(length);
    }

    @Override
    public void send(Object entity) {
        switch (entity) {
            case byte[] bytes -> sendLength(bytes.length);
            case String text -> sendLength(text.getBytes(StandardCharsets.UTF_8).length);
            default -> delegate.send(); // no entity of another type on a GET route today; its size is not known here
        }
    }

    private void sendLength(long length) {
        if (!delegate.headers().contains(HeaderNames.CONTENT_LENGTH)) {
            delegate.contentLength(length);
        }
        delegate.send();
    }

    @Override
    public boolean isSent() {
        return delegate.isSent();
    }

    @Override
    public OutputStream outputStream() {
        return new OutputStream() {
            private long count;
            private boolean closed;

            @Override
            public void write(int b) {
                count++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count += len;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    sendLength(count);
                }
            }
        };
    }

    @Override
    public long bytesWritten() {
        return delegate.bytesWritten();
    }

    @Override
    public ServerResponse beforeSend(Runnable beforeSendHandler) {
        delegate.beforeSend(beforeSendHandler);
        return this;
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        delegate.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        delegate.reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        delegate.reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        delegate.next();
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return delegate.headers();
    }

    @Override
    public ServerResponseTrailers trailers() {
        return delegate.trailers();
    }

    @Override
    public ServerResponse beforeTrailers(Consumer<ServerResponseTrailers> trailers) {
        delegate.beforeTrailers(trailers);
        return this;
    }

    @Override
    public void streamResult(String result) {
        delegate.streamResult(result);
    }

    @Override
    public <T extends Sink<?>> T sink(GenericType<T> sinkType) {
        return delegate.sink(sinkType);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        delegate.streamFilter(filterFunction);
    }
}
