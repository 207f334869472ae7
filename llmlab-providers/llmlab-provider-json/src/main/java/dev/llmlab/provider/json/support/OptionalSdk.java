package dev.llmlab.provider.json.support;

import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A provider's official Java SDK, which an adapter reads response objects of when the
 * application has it, and never touches otherwise: its types are recognised by class name
 * ({@link #owns}), and only then is the adapter's SDK-linked class called, which writes the
 * object back to the JSON body it came from; the adapter's JSON path reads that, so an SDK
 * object normalizes exactly like its body ({@link #read}). Immutable and thread-safe.
 *
 * <pre>{@code
 * static final OptionalSdk SDK = OptionalSdk.of("OpenAI SDK", "LLMlab OpenAI adapter",
 *         List.of("com.openai.models.chat.completions.ChatCompletion", "com.openai.models.responses.Response"),
 *         sdkModule -> OpenAiAdapter.class.getModule().addReads(sdkModule),
 *         sdkObject -> OpenAiSdkUsage.toJson(sdkObject), OpenAiUsageReader::parse);
 * }</pre>
 */
public final class OptionalSdk {

    /**
     * Writes an SDK object as JSON: the one place that links against the SDK's classes. Give it
     * as a lambda calling the SDK-linked class, not as a method reference to it, so that the
     * class is loaded only when an SDK object arrives.
     */
    @FunctionalInterface
    public interface JsonWriter {
        /**
         * @param response an object of one of the SDK's types, by class name
         * @return its JSON, UTF-8; or null when it is not of the SDK's types as the adapter's
         *     class loader sees them (another copy of the SDK)
         * @throws IOException when the SDK cannot write it
         */
        byte[] write(Object response) throws IOException;
    }

    private final String sdk;
    private final String adapter;
    private final List<String> typeNames;
    private final Consumer<Module> readsSdkModule;
    private final JsonWriter writer;
    private final Function<byte[], Usage> parse;

    private OptionalSdk(String sdk, String adapter, List<String> typeNames, Consumer<Module> readsSdkModule,
            JsonWriter writer, Function<byte[], Usage> parse) {
        this.sdk = sdk;
        this.adapter = adapter;
        this.typeNames = typeNames;
        this.readsSdkModule = readsSdkModule;
        this.writer = writer;
        this.parse = parse;
    }

    /**
     * @param sdk the SDK's name in messages, e.g. {@code "OpenAI SDK"}; not null
     * @param adapter the adapter's name in messages, e.g. {@code "LLMlab OpenAI adapter"}; not null
     * @param typeNames the fully qualified names of the SDK's response types the adapter reads
     * @param readsSdkModule makes the adapter's module read the SDK's module, before any SDK class
     *     is linked: {@code m -> ThisAdapter.class.getModule().addReads(m)}, written in the adapter,
     *     because only code of a module may add a read edge to it; not null
     * @param writer the adapter's SDK-linked writer; not null
     * @param parse the adapter's reader of a JSON body; not null
     * @return the SDK
     */
    public static OptionalSdk of(String sdk, String adapter, List<String> typeNames, Consumer<Module> readsSdkModule,
            JsonWriter writer, Function<byte[], Usage> parse) {
        return new OptionalSdk(Objects.requireNonNull(sdk, "sdk"), Objects.requireNonNull(adapter, "adapter"),
                List.copyOf(typeNames), Objects.requireNonNull(readsSdkModule, "readsSdkModule"),
                Objects.requireNonNull(writer, "writer"), Objects.requireNonNull(parse, "parse"));
    }

    /**
     * Tells, by class name only, whether an object is of one of the SDK's response types (or of a
     * generated subclass, as the SDKs' AutoValue types are): loads no SDK class.
     *
     * @param type the object's class; not null
     * @return true for one of the SDK's types
     */
    public boolean owns(Class<?> type) {
        return typeName(type) != null;
    }

    private String typeName(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (typeNames.contains(c.getName())) {
                return c.getSimpleName();
            }
        }
        return null;
    }

    /**
     * Reads the usage of an SDK object: makes the adapter's module read the SDK's, writes the
     * object as JSON with the SDK's own mapper, then reads that with the adapter's JSON path.
     *
     * @param response an object {@link #owns} says is the SDK's; not null
     * @return the usage
     * @throws UsageParseException when the SDK's classes are not visible to the adapter, the
     *     object cannot be written, or it carries no usable usage; the message names the SDK type
     */
    public Usage read(Object response) {
        String type = typeName(response.getClass());
        readsSdkModule.accept(response.getClass().getModule());
        byte[] json;
        try {
            json = writer.write(response);
        } catch (LinkageError e) {
            throw new UsageParseException("cannot read the " + sdk + "'s " + response.getClass().getName()
                    + ": the SDK classes are not visible to the " + adapter + " (" + e + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new UsageParseException("cannot write the " + sdk + "'s " + type + " as JSON: " + e.getMessage(), e);
        }
        if (json == null) {
            // same class name, other class: the SDK was loaded twice, by class loaders that do not share it
            throw new UsageParseException("the " + response.getClass().getName() + " object comes from a copy of the "
                    + sdk + " that the " + adapter + "'s class loader does not see");
        }
        try {
            return parse.apply(json);
        } catch (UsageParseException e) {
            throw new UsageParseException(sdk + " " + type + ": " + e.getMessage(), e);
        }
    }
}
