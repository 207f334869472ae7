package dev.llmlab.core.tracking;

/** How a tracked call ended, as far as cost tracking is concerned. */
public enum EventStatus {
    /** The call returned and its usage was read (priced or explicitly unpriced). */
    OK("ok"),
    /** The call threw; the exception went to the caller unchanged. No cost unless usage was known. */
    CALL_FAILED("call_failed"),
    /** The call returned, but no usage could be read from its result (error body, wrong type, adapter failure). */
    USAGE_UNREADABLE("usage_unreadable"),
    /** A streamed call ended without ever delivering its usage (for OpenAI: set {@code stream_options.include_usage}). */
    NO_USAGE("no_usage");

    private final String json;

    EventStatus(String json) {
        this.json = json;
    }

    /** @return the value written in JSON, e.g. {@code "call_failed"} */
    public String json() {
        return json;
    }
}
