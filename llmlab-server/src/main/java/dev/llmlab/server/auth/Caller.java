package dev.llmlab.server.auth;

import java.util.UUID;

/**
 * Who made a request: the account, and whether it authenticated with an API key or a login token.
 *
 * @param userId the account every query of the request is scoped to
 * @param viaApiKey true for an API key, false for a login token
 */
public record Caller(UUID userId, boolean viaApiKey) {
}
