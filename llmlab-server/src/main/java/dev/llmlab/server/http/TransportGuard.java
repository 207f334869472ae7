package dev.llmlab.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Guards one HTTP/1.1 connection, sitting right after netty's HTTP codec (so it sees whole request
 * heads, body pieces and the responses going out):
 *
 * <ul>
 *   <li><b>Header deadline.</b> From the moment the connection can take a request (it opened, or
 *       the previous response was sent) the request line and headers must be complete within
 *       {@code headerTimeout}; otherwise the connection is closed without an answer. This cuts a
 *       client that sends nothing, and one that trickles a header byte every few seconds and so
 *       is never silent for long; it also ends idle keep-alive connections.
 *   <li><b>Body read timeout.</b> While a request body is arriving and the server has asked for
 *       more of it, {@code readTimeout} of silence ends the request: 408 {@code request_timeout}
 *       (when no answer has begun) and the connection is closed. Only silence counts, so a slow
 *       upload that keeps bytes coming (4 MiB at a few hundred KiB/s) completes; time the server
 *       spends working, or not asking for bytes, never counts against the client.
 *   <li><b>Request heads the codec refused</b> are answered here, in the API's error shape, instead
 *       of reaching the framework (which would answer in its own): a request line over the limit
 *       414 {@code uri_too_long}, headers over the limit 431 {@code headers_too_large}, anything
 *       else that is not HTTP 400 {@code malformed_request}; then the connection is closed.
 * </ul>
 *
 * <p>All methods run on the connection's event loop, so the state needs no locking. One instance
 * per connection.
 */
final class TransportGuard extends ChannelDuplexHandler {
    /** The name of this handler in the pipeline. */
    static final String NAME = "llmlab-transport-guard";

    private final long headerTimeoutNanos;
    private final long readTimeoutNanos;
    private final Duration readTimeout;
    private final int maxRequestLineBytes;
    private final int maxHeaderBytes;

    private ChannelHandlerContext ctx;
    /** Requests whose head has arrived and whose final response has not been sent. */
    private int open;
    /** The latest request's body is still arriving. */
    private boolean bodyOpen;
    /** A final (non-1xx) response head has been written for the oldest open request. */
    private boolean answering;
    /** The response being written is informational (100 Continue): its end ends no request. */
    private boolean writingInformational;
    /** Since when the connection waits for a request head. */
    private long readyAt;
    /** The server asked for bytes and none have arrived since (a read is outstanding). */
    private boolean readRequested;
    /** When the body last progressed, or the server last started asking for it. */
    private long bodyProgressAt;
    private ScheduledFuture<?> timer;
    private long timerAt;
    /** An answer to a refused head, held until the responses before it are sent. */
    private FullHttpResponse pendingRejection;
    /** The connection is being ended: further input is dropped. */
    private boolean ending;

    /**
     * @param headerTimeout how long a request line and headers may take; positive
     * @param readTimeout longest silence within a body; positive
     * @param maxRequestLineBytes the codec's limit, named in the 414 message
     * @param maxHeaderBytes the codec's limit, named in the 431 message
     */
    TransportGuard(Duration headerTimeout, Duration readTimeout, int maxRequestLineBytes, int maxHeaderBytes) {
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.readTimeoutNanos = readTimeout.toNanos();
        this.readTimeout = readTimeout;
        this.maxRequestLineBytes = maxRequestLineBytes;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.readyAt = System.nanoTime();
        if (ctx.channel().isActive()) {
            schedule();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        schedule();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        if (pendingRejection != null) {
            pendingRejection.release();
            pendingRejection = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (ending) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            refuse(request.decoderResult().cause());
            return;
        }
        if (msg instanceof HttpRequest) {
            open++;
            bodyOpen = true;
            bodyProgressAt = System.nanoTime();
        }
        if (msg instanceof HttpContent) {
            bodyProgressAt = System.nanoTime();
            if (msg instanceof LastHttpContent) {
                bodyOpen = false;
                if (open == 0) {
                    // the answer went out before the body ended (an early 413): wait for the next head now
                    readyAt = System.nanoTime();
                }
            }
        }
        schedule();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // bytes arrived: the outstanding read is used up; the handler behind asks again if it wants more
        readRequested = false;
        bodyProgressAt = System.nanoTime();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void read(ChannelHandlerContext ctx) throws Exception {
        if (!readRequested) {
            readRequested = true;
            // silence counts from when the server asks, not from when it last stopped asking
            bodyProgressAt = System.nanoTime();
            schedule();
        }
        ctx.read();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            writingInformational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (!writingInformational) {
                answering = true;
            }
        }
        if (msg instanceof LastHttpContent && !writingInformational) {
            // the deadline for the next head starts once the answer has left, not while a slow
            // reader is still taking it
            ChannelPromise p = promise.unvoid();
            p.addListener(f -> answered());
            ctx.write(msg, p);
            return;
        }
        ctx.write(msg, promise);
    }

    private void answered() {
        if (open > 0) {
            open--;
        }
        answering = false;
        if (open == 0 && pendingRejection != null) {
            FullHttpResponse r = pendingRejection;
            pendingRejection = null;
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (open == 0 && !bodyOpen) {
            readyAt = System.nanoTime();
        }
        schedule();
    }

    private void refuse(Throwable cause) {
        FullHttpResponse response;
        if (cause instanceof TooLongHttpLineException) {
            response = errorResponse(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long",
                    "the request line (method, path and query) is longer than " + maxRequestLineBytes
                            + " bytes; shorten the query or send the data in a body");
        } else if (cause instanceof TooLongHttpHeaderException) {
            response = errorResponse(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
                    "the request headers are larger than " + maxHeaderBytes + " bytes in all");
        } else {
            response = errorResponse(HttpResponseStatus.BAD_REQUEST, "malformed_request",
                    "the request line or headers are not valid HTTP/1.1: " + describe(cause));
        }
        ending = true;
        bodyOpen = false;
        cancelTimer();
        if (open == 0) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            // answers go out in request order: this one after those still being worked on
            pendingRejection = response;
        }
    }

    private static String describe(Throwable cause) {
        String m = cause == null || cause.getMessage() == null ? "unreadable request" : cause.getMessage();
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    /** Arms the timer for the earliest deadline of the current phase, if it is earlier than the armed one. */
    private void schedule() {
        if (ending || ctx == null) {
            return;
        }
        long deadline = deadline();
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        if (timer != null) {
            if (timerAt - deadline <= 0) {
                return;
            }
            timer.cancel(false);
        }
        timerAt = deadline;
        timer = ctx.executor().schedule(this::check, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** @return when the client runs out of time in the current phase, or Long.MAX_VALUE when it cannot */
    private long deadline() {
        if (bodyOpen) {
            // only silence while the server is asking for the body counts against the client
            return readRequested ? bodyProgressAt + readTimeoutNanos : Long.MAX_VALUE;
        }
        if (open == 0) {
            return readyAt + headerTimeoutNanos;
        }
        return Long.MAX_VALUE; // the server is working on a request
    }

    private void check() {
        timer = null;
        if (ending || !ctx.channel().isActive()) {
            return;
        }
        long deadline = deadline();
        if (deadline == Long.MAX_VALUE || System.nanoTime() - deadline < 0) {
            schedule();
            return;
        }
        ending = true;
        if (bodyOpen && open > 0 && !answering) {
            ctx.writeAndFlush(errorResponse(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout",
                    "no part of the request body arrived for " + readTimeout.toMillis()
                            + " ms; send the body without pauses")).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static FullHttpResponse errorResponse(HttpResponseStatus status, String code, String message) {
        byte[] body;
        try {
            body = JsonBodies.MAPPER.writeValueAsBytes(JsonBodies.error(code, message, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON error", e);
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        SecurityHeaders.HEADERS.forEach((name, value) -> r.headers().set(name, value));
        return r;
    }
}
