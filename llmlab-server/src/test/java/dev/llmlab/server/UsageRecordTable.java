package dev.llmlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.core.usage.UsageRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared table of valid and invalid usage records, {@code usage-records/cases.jsonl} in
 * llmlab-core's test resources (read from there, not copied: one table for the tracker's reader,
 * {@code llmlab cost} and the server's ingest; its format is described on llmlab-core's
 * {@code UsageRecordTableTest}).
 */
public final class UsageRecordTable {
    /** The table's folder, from this module's root (where the tests run). */
    public static final Path DIR = Path.of("..", "llmlab-core", "src", "test", "resources", "usage-records");
    private static final ObjectMapper JSON = new ObjectMapper();

    private UsageRecordTable() {
    }

    /**
     * One line of the table.
     *
     * @param name what the case shows
     * @param expect {@code {"normalized": …}} or {@code {"error": {"field", "message"}}}
     * @param record the record's JSON text, as written in the table
     */
    public record Case(String name, JsonNode expect, String record) {
        /** @return true when the record is valid */
        public boolean valid() {
            return expect.has("normalized");
        }

        /** @return the normalized record expected of a valid case */
        public JsonNode normalized() {
            return expect.get("normalized");
        }

        /** @return the field the error names, for an invalid case */
        public String errorField() {
            return expect.get("error").get("field").asText();
        }

        /** @return the exact message, for an invalid case */
        public String errorMessage() {
            return expect.get("error").get("message").asText();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** @return every case, in the table's order */
    public static List<Case> cases() {
        try {
            List<Case> out = new ArrayList<>();
            for (String line : Files.readAllLines(DIR.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
                JsonNode c = JSON.readTree(line);
                String record = line.substring(line.indexOf(",\"record\":") + 10, line.length() - 1);
                assertThat(JSON.readTree(record)).as("the record is the line's last member").isEqualTo(c.get("record"));
                out.add(new Case(c.get("case").asText(), c.get("expect"), record));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks the usage fields of an output (a line of {@code llmlab cost}, a stored event) against
     * the case: provider, model, every count (left out of the expectation: 0; {@code reasoning_tokens}
     * left out: null, unknown), the service tier (left out: standard) and the inference geography.
     *
     * @param c a valid case
     * @param actual the output
     */
    public static void assertUsage(Case c, JsonNode actual) {
        JsonNode want = c.normalized();
        assertThat(actual.path("provider").asText()).as(c.name()).isEqualTo(want.get("provider").asText());
        assertThat(actual.path("model").asText()).as(c.name()).isEqualTo(want.get("model").asText());
        for (String field : UsageRecords.COUNTS) {
            if (field.equals(UsageRecords.REASONING_TOKENS)) {
                assertThat(actual.has(field)).as(c.name() + ": " + field + " is always written").isTrue();
                assertThat(actual.get(field)).as(c.name() + ": " + field).isEqualTo(want.path(field).isMissingNode()
                        ? JSON.nullNode() : want.get(field));
            } else {
                assertThat(actual.path(field).asLong(0)).as(c.name() + ": " + field).isEqualTo(want.path(field).asLong(0));
            }
        }
        assertThat(actual.path("service_tier").asText("standard")).as(c.name() + ": service_tier")
                .isEqualTo(want.path("service_tier").asText("standard"));
        assertThat(actual.path("inference_geo").isNull() ? null : actual.path("inference_geo").textValue())
                .as(c.name() + ": inference_geo").isEqualTo(want.path("inference_geo").textValue());
    }
}
