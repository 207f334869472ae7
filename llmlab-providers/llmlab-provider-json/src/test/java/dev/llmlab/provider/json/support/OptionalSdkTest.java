package dev.llmlab.provider.json.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class OptionalSdkTest {
    /** Stands for an SDK response type; its subclass for the generated classes some SDKs return. */
    static class Reply {
    }

    static final class GeneratedReply extends Reply {
    }

    private static final Usage USAGE = Usage.builder("acme", "m").inputTokens(3).outputTokens(1).build();
    private static final Function<byte[], Usage> PARSE = json -> {
        if (new String(json, StandardCharsets.UTF_8).contains("usage")) {
            return USAGE;
        }
        throw new UsageParseException("no usage: the response has no 'usage' object");
    };
    private static final List<Module> READ = new CopyOnWriteArrayList<>();

    /** The Acme SDK, its objects written as JSON by {@code writer}. */
    private static OptionalSdk sdk(OptionalSdk.JsonWriter writer) {
        return OptionalSdk.of("Acme SDK", "LLMlab Acme adapter", List.of(Reply.class.getName()), READ::add, writer,
                PARSE);
    }

    @Test
    void owns_byClassName_throughSuperclasses() {
        OptionalSdk acme = sdk(o -> null);
        assertThat(acme.owns(Reply.class)).isTrue();
        assertThat(acme.owns(GeneratedReply.class)).isTrue();
        assertThat(acme.owns(Object.class)).isFalse();
        assertThat(acme.owns(String.class)).isFalse();
    }

    @Test
    void read_readsTheSdksModuleFirst_writesTheObjectAsJson_andReadsThat() {
        READ.clear();
        assertThat(sdk(o -> "{\"usage\":{}}".getBytes(StandardCharsets.UTF_8)).read(new GeneratedReply()))
                .isEqualTo(USAGE);
        assertThat(READ).containsExactly(GeneratedReply.class.getModule());
    }

    /** Reading {@code response} with {@code writer} fails with our exception. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertThatReading(Object response,
            OptionalSdk.JsonWriter writer) {
        return assertThatThrownBy(() -> sdk(writer).read(response)).isInstanceOf(UsageParseException.class);
    }

    @Test
    void read_noUsage_namesTheSdkType() {
        assertThatReading(new GeneratedReply(), o -> new byte[] {'{', '}'})
                .hasMessage("Acme SDK Reply: no usage: the response has no 'usage' object");
    }

    @Test
    void read_objectOfAnotherCopyOfTheSdk_isReported() {
        assertThatReading(new Reply(), o -> null).hasMessage("the " + Reply.class.getName() + " object comes from a"
                + " copy of the Acme SDK that the LLMlab Acme adapter's class loader does not see");
    }

    @Test
    void read_sdkClassesNotVisible_isReported() {
        OptionalSdk.JsonWriter unlinkable = o -> {
            throw new NoClassDefFoundError("com/acme/Reply");
        };
        assertThatReading(new Reply(), unlinkable).hasMessage("cannot read the Acme SDK's " + Reply.class.getName()
                + ": the SDK classes are not visible to the LLMlab Acme adapter"
                + " (java.lang.NoClassDefFoundError: com/acme/Reply)");
    }

    @Test
    void read_sdkCannotWriteTheObject_isReported() {
        OptionalSdk.JsonWriter failing = o -> {
            throw new IOException("no serializer");
        };
        assertThatReading(new Reply(), failing).hasMessage("cannot write the Acme SDK's Reply as JSON: no serializer");
    }
}
