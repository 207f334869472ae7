package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's public surface is what its module descriptor exports, and docs/architecture.md lists
 * every public type of it: a type made public, or a package exported, is a decision the document
 * has to show.
 */
class ModuleSurfaceTest {
    private static final Set<String> API = Set.of("dev.llmlab.core", "dev.llmlab.core.budget", "dev.llmlab.core.pricing",
            "dev.llmlab.core.providers", "dev.llmlab.core.tracking", "dev.llmlab.core.usage");
    private static final Path ARCHITECTURE = Path.of("..", "docs", "architecture.md");

    private static Path classes() throws Exception {
        return Path.of(LlmLab.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws Exception {
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /** @return the public top-level types of a package, by simple name */
    private static Set<String> publicTypes(String pkg) throws Exception {
        Path dir = classes().resolve(pkg.replace('.', '/'));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")
                    && !f.getFileName().toString().equals("package-info.class")).collect(Collectors.toList());
        }
        Set<String> out = new TreeSet<>();
        for (Path f : files) {
            String simple = f.getFileName().toString().replace(".class", "");
            Class<?> c = Class.forName(pkg + "." + simple, false, LlmLab.class.getClassLoader());
            if (Modifier.isPublic(c.getModifiers())) {
                out.add(simple);
            }
        }
        return out;
    }

    @Test
    void descriptor_exportsTheApiPackagesOnly_toEveryone() throws Exception {
        ModuleDescriptor d = descriptor();

        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).as(e.source()).isFalse());
        assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source)).containsExactlyInAnyOrderElementsOf(API);
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void trackerPackage_hasLlmLabAsItsOnlyPublicType() throws Exception {
        assertThat(publicTypes("dev.llmlab.core")).containsExactly("LlmLab");
    }

    @Test
    void everyPublicTypeOfAnExportedPackage_isListedInDocsArchitecture() throws Exception {
        String doc = Files.readString(ARCHITECTURE);
        List<String> missing = new ArrayList<>();
        for (String pkg : API) {
            for (String type : publicTypes(pkg)) {
                if (!doc.contains("`" + type + "`")) {
                    missing.add(pkg + "." + type);
                }
            }
        }
        assertThat(missing).as("public types not named in " + ARCHITECTURE.normalize()).isEmpty();
    }

    @Test
    void internalPackages_sayTheyAreInternal() throws IOException {
        for (String pkg : List.of("dev/llmlab/core/internal", "dev/llmlab/core/internal/json")) {
            String info = Files.readString(Path.of("src/main/java", pkg, "package-info.java"))
                    .replaceAll("\\s*\\n\\s*\\*\\s*", " ").toLowerCase(java.util.Locale.ROOT);
            assertThat(info).as(pkg).contains("not exported").contains("not part of llmlab's api on the class path");
        }
    }
}
