package dev.llmlab.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain TCP connection to the server on loopback, for what a well-behaved HTTP client will not
 * do: send nothing, trickle bytes, send an over-long request line. Reads answers byte by byte.
 */
final class RawConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** An answer: status, headers (names lower case) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String errorCode() throws IOException {
            return json().path("error").path("code").asText(null);
        }
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one answer with a Content-Length body. */
    Answer readAnswer(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("the server closed the connection without an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Waits for the server to close the connection, reading and discarding what it sends.
     *
     * @return how long the close took from the call, or null if the connection was still open after {@code limit}
     */
    Duration awaitClose(Duration limit) throws IOException {
        long start = System.nanoTime();
        socket.setSoTimeout((int) limit.toMillis());
        try {
            while (in.read() >= 0) {
                socket.setSoTimeout((int) Math.max(1, limit.toMillis() - Duration.ofNanos(System.nanoTime() - start).toMillis()));
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (SocketException e) {
            // reset by the server: closed as well
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
