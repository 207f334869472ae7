package dev.llmlab.core.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {
    static final class Fixed implements ProviderAdapter {
        private final String name;
        private final Set<String> aliases;

        Fixed(String name, String... aliases) {
            this.name = name;
            this.aliases = Set.of(aliases);
        }

        @Override
        public String provider() {
            return name;
        }

        @Override
        public Set<String> aliases() {
            return aliases;
        }

        @Override
        public boolean recognizes(byte[] body) {
            return new String(body, StandardCharsets.UTF_8).contains("\"" + name + "\"");
        }

        @Override
        public Usage parse(byte[] body) {
            return Usage.builder(name, "m").inputTokens(body.length).build();
        }
    }

    static final class Broken implements ProviderAdapter {
        @Override
        public String provider() {
            return "broken";
        }

        @Override
        public boolean recognizes(byte[] body) {
            throw new IllegalStateException("boom in recognizes");
        }

        @Override
        public Usage parse(byte[] body) {
            throw new NullPointerException("boom in parse");
        }

        @Override
        public Optional<Usage> usageOf(Object response) {
            throw new ClassCastException("boom in usageOf");
        }

        @Override
        public Optional<InputStream> openPriceList() {
            return Optional.of(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void of_twoAdaptersClaimingOneName_isAClearError() {
        assertThatThrownBy(() -> ProviderRegistry.of(new Fixed("acme"), new Fixed("acme")))
                .isInstanceOf(DuplicateProviderException.class)
                .hasMessageContaining("'acme'")
                .hasMessageContaining(Fixed.class.getName());
    }

    @Test
    void of_aliasClaimingAnotherProvidersName_isAClearError() {
        assertThatThrownBy(() -> ProviderRegistry.of(new Fixed("acme"), new Fixed("zeta", "acme")))
                .isInstanceOf(DuplicateProviderException.class).hasMessageContaining("'acme'");
        assertThatThrownBy(() -> ProviderRegistry.of(new Fixed("a", "x"), new Fixed("b", "x")))
                .isInstanceOf(DuplicateProviderException.class).hasMessageContaining("'x'");
    }

    @Test
    void adapters_areOrderedByName() {
        ProviderRegistry r = ProviderRegistry.of(new Fixed("zeta"), new Fixed("acme"), new Fixed("mid"));
        assertThat(r.providers()).containsExactly("acme", "mid", "zeta");
    }

    @Test
    void parse_byAliasAnyCase() {
        ProviderRegistry r = ProviderRegistry.of(new Fixed("google", "gemini"));
        assertThat(r.parse("Gemini", new byte[3]).provider()).isEqualTo("google");
        assertThat(r.providerAliases()).containsEntry("gemini", "google");
    }

    @Test
    void brokenAdapter_neverThrowsAnythingButUsageParseException() {
        ProviderRegistry r = ProviderRegistry.of(new Broken(), new Fixed("acme"));
        assertThatThrownBy(() -> r.parse("broken", new byte[0]))
                .isExactlyInstanceOf(UsageParseException.class).hasMessageContaining("boom in parse");
        assertThatThrownBy(() -> r.usageOf("broken", new Object()))
                .isExactlyInstanceOf(UsageParseException.class).hasMessageContaining("boom in usageOf");
        // detection skips the adapter that throws and still finds the right one
        assertThat(r.parse("{\"acme\":1}".getBytes(StandardCharsets.UTF_8)).provider()).isEqualTo("acme");
    }

    @Test
    void detect_noneOrSeveral_isExplained() {
        ProviderRegistry r = ProviderRegistry.of(new Fixed("acme"), new Fixed("zeta"));
        assertThatThrownBy(() -> r.parse("{\"x\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UsageParseException.class).hasMessageContaining("no provider adapter recognises");
        assertThatThrownBy(() -> r.parse("{\"acme\":1,\"zeta\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UsageParseException.class).hasMessageContaining("several providers' responses (acme, zeta)");
        assertThatThrownBy(() -> r.parse("  ".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> r.parse("hello".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("neither JSON nor a server-sent events stream");
        assertThatThrownBy(() -> r.parse("nope", new byte[0]))
                .hasMessageContaining("no adapter for provider 'nope'; loaded: acme, zeta");
    }

    @Test
    void load_pickUpAJarAddedToTheClassPath_withoutCodeChanges(@TempDir Path dir) throws Exception {
        String source = "package acme;\n"
                + "public final class AcmeAdapter implements dev.llmlab.spi.ProviderAdapter {\n"
                + "  public String provider() { return \"acme-runtime\"; }\n"
                + "  public boolean recognizes(byte[] b) { return false; }\n"
                + "  public dev.llmlab.spi.Usage parse(byte[] b) {\n"
                + "    return dev.llmlab.spi.Usage.builder(\"acme-runtime\", \"m\").inputTokens(7).build(); }\n"
                + "}\n";
        Path src = dir.resolve("src/acme/AcmeAdapter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String spiPath = Path.of(ProviderAdapter.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", spiPath, src.toString());
        assertThat(rc).isZero();
        Path jar = dir.resolve("acme-adapter.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("acme/AcmeAdapter.class"));
            j.write(Files.readAllBytes(classes.resolve("acme/AcmeAdapter.class")));
            j.putNextEntry(new JarEntry("META-INF/services/dev.llmlab.spi.ProviderAdapter"));
            j.write("acme.AcmeAdapter\n".getBytes(StandardCharsets.UTF_8));
        }
        ClassLoader app = ProviderRegistryTest.class.getClassLoader();
        assertThat(ProviderRegistry.load(app).adapter("acme-runtime")).isEmpty();
        try (URLClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, app)) {
            ProviderRegistry r = ProviderRegistry.load(withJar);
            assertThat(r.adapter("acme-runtime")).isPresent();
            assertThat(r.parse("acme-runtime", new byte[0]).inputTokens()).isEqualTo(7);
        }
    }

    @Test
    void load_anAdapterThatFailsToInstantiate_isReportedAndOthersStillLoad(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("broken.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("META-INF/services/dev.llmlab.spi.ProviderAdapter"));
            j.write(("does.not.Exist\n" + Fixed2.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try (URLClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ProviderRegistryTest.class.getClassLoader())) {
            ProviderRegistry r = ProviderRegistry.load(withJar);
            assertThat(r.failures()).anySatisfy(f -> assertThat(f).contains("does.not.Exist"));
            assertThat(r.adapter("fixed2")).isPresent();
        }
    }

    /** A service class with a public no-arg constructor, for the ServiceLoader tests. */
    public static final class Fixed2 implements ProviderAdapter {
        @Override
        public String provider() {
            return "fixed2";
        }

        @Override
        public boolean recognizes(byte[] body) {
            return false;
        }

        @Override
        public Usage parse(byte[] body) {
            return Usage.builder("fixed2", "m").build();
        }
    }

    @Test
    void forEachPriceList_readsEachAdaptersList() {
        ProviderRegistry r = ProviderRegistry.of(new Broken(), new Fixed("acme"));
        List<String> seen = new java.util.ArrayList<>();
        r.forEachPriceList((name, json) -> seen.add(name + "=" + json));
        assertThat(seen).containsExactly("broken={}");
    }
}
