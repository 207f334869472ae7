package dev.llmlab.server.http;

import java.util.UUID;

/** Ids in URL paths. */
public final class PathIds {
    private PathIds() {
    }

    /**
     * @param id the path segment
     * @param what what the id names, for the message
     * @return the UUID
     * @throws ApiException 404: a malformed id is treated like any id that is not the caller's
     */
    public static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(what + " " + id);
        }
    }
}
