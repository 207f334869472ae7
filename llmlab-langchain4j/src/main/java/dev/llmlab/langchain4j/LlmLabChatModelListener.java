package dev.llmlab.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmlab.core.LlmLab;
import dev.llmlab.core.tracking.CallOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Records every chat call of a LangChain4j chat model with an {@link LlmLab} tracker: the usage
 * (with cached, reasoning and cache-write tokens from the provider-specific
 * {@code TokenUsage} subclasses, see {@link LangChain4jUsage}), the duration from
 * {@code onRequest} to {@code onResponse}/{@code onError}, and tags. A failed call is recorded as
 * an error event. The listener never throws into LangChain4j; its work on the calling thread is
 * mapping the counts and handing an event to the tracker's queue.
 *
 * <p>Hard budgets: LangChain4j contains a listener's exceptions, so a listener cannot refuse a
 * call. To enforce a hard budget, wrap the model call in {@code lab.track(...)} instead (its
 * budget check runs before the call) and return the {@code ChatResponse}'s usage, or check
 * {@code lab.budgets()} yourself.
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *         .apiKey(key).modelName("gpt-4o-mini")
 *         .listeners(List.of(LlmLabChatModelListener.builder(lab).tag("feature", "support").build()))
 *         .build();
 * }</pre>
 */
public final class LlmLabChatModelListener implements ChatModelListener {
    private static final System.Logger LOG = System.getLogger(LlmLabChatModelListener.class.getName());
    private static final String START = LlmLabChatModelListener.class.getName() + ".startNanos";

    private final LlmLab lab;
    private final Map<String, String> tags;
    private final Function<ModelProvider, String> providerNames;
    private final Function<ChatRequest, Map<String, String>> requestTags;

    private LlmLabChatModelListener(Builder b) {
        this.lab = b.lab;
        this.tags = Map.copyOf(b.tags);
        this.providerNames = b.providerNames;
        this.requestTags = b.requestTags;
    }

    /**
     * @param lab the tracker; not null
     * @return a listener without tags
     */
    public static LlmLabChatModelListener of(LlmLab lab) {
        return builder(lab).build();
    }

    /**
     * @param lab the tracker; not null
     * @return a builder
     */
    public static Builder builder(LlmLab lab) {
        return new Builder(lab);
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        try {
            context.attributes().put(START, System.nanoTime());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "LLMlab could not mark the request start", e);
        }
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        try {
            long duration = elapsed(context.attributes());
            String provider = providerNames.apply(context.modelProvider());
            ChatResponse response = context.chatResponse();
            String model = response.modelName() != null ? response.modelName() : requestedModel(context.chatRequest());
            CallOptions options = options(provider, context.chatRequest());
            TokenUsage tokenUsage = response.tokenUsage();
            if (tokenUsage == null) {
                lab.recordNoUsage(model == null ? options : options.model(model),
                        "the LangChain4j response carries no token usage", duration);
                return;
            }
            dev.llmlab.spi.Usage usage;
            try {
                usage = LangChain4jUsage.withServiceTier(LangChain4jUsage.of(provider, model, tokenUsage),
                        response.metadata());
            } catch (dev.llmlab.spi.LlmLabException inconsistent) {
                lab.recordNoUsage(model == null ? options : options.model(model),
                        "unusable token usage " + tokenUsage + ": " + inconsistent.getMessage(), duration);
                return;
            }
            lab.record(usage, options, duration);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab could not record a LangChain4j chat response", e);
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        try {
            String provider = providerNames.apply(context.modelProvider());
            CallOptions options = options(provider, context.chatRequest());
            String model = requestedModel(context.chatRequest());
            lab.recordFailure(model == null ? options : options.model(model), context.error(),
                    elapsed(context.attributes()));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab could not record a LangChain4j chat error", e);
        }
    }

    private CallOptions options(String provider, ChatRequest request) {
        CallOptions options = CallOptions.provider(provider).tags(tags);
        if (request != null) {
            Map<String, String> more = requestTags.apply(request);
            if (more != null && !more.isEmpty()) {
                options = options.tags(more);
            }
        }
        return options;
    }

    private static String requestedModel(ChatRequest request) {
        return request == null ? null : request.modelName();
    }

    private static long elapsed(Map<Object, Object> attributes) {
        Object start = attributes == null ? null : attributes.get(START);
        return start instanceof Long ? System.nanoTime() - (Long) start : 0L;
    }

    /** Builds a {@link LlmLabChatModelListener}; not thread-safe. */
    public static final class Builder {
        private final LlmLab lab;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private Function<ModelProvider, String> providerNames = LangChain4jUsage::providerName;
        private Function<ChatRequest, Map<String, String>> requestTags = r -> Map.of();

        private Builder(LlmLab lab) {
            this.lab = Objects.requireNonNull(lab, "lab");
        }

        /**
         * @param key a tag for every call of the model; not null
         * @param value its value; not null
         * @return this
         */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param value tags computed per request (e.g. from a request attribute); not null
         * @return this
         */
        public Builder requestTags(Function<ChatRequest, Map<String, String>> value) {
            this.requestTags = Objects.requireNonNull(value, "requestTags");
            return this;
        }

        /**
         * @param value maps LangChain4j's provider to LLMlab's provider name; default
         *     {@link LangChain4jUsage#providerName}
         * @return this
         */
        public Builder providerNames(Function<ModelProvider, String> value) {
            this.providerNames = Objects.requireNonNull(value, "providerNames");
            return this;
        }

        /** @return the listener */
        public LlmLabChatModelListener build() {
            return new LlmLabChatModelListener(this);
        }
    }
}
