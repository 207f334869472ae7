package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.UsageRecordTable;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code llmlab cost} agrees with the shared table of usage records: every valid record is priced
 * with exactly the table's counts, every invalid one is refused with exactly the table's message —
 * the same as the tracker's reader and the server's ingest.
 */
class UsageRecordTableCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cost_agreesWithTheTable_onEveryRecord() throws Exception {
        List<UsageRecordTable.Case> cases = UsageRecordTable.cases();
        String stdin = cases.stream().map(UsageRecordTable.Case::record).collect(Collectors.joining("\n", "", "\n"));

        // The table's price file prices every valid record, so that each prints its counts.
        CliProcess r = CliProcess.run(stdin, "cost", "--prices", UsageRecordTable.DIR.resolve("prices.json").toString());

        List<String> lines = r.lines();
        assertThat(lines).as(r.err).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            UsageRecordTable.Case c = cases.get(i);
            JsonNode line = JSON.readTree(lines.get(i));
            assertThat(line.get("line").asInt()).isEqualTo(i + 1);
            if (c.valid()) {
                assertThat(line.has("error")).as(c.name() + ": " + line).isFalse();
                assertThat(line.get("cost_usd").isTextual()).as(c.name()).isTrue();
                UsageRecordTable.assertUsage(c, line);
            } else {
                assertThat(line.path("error").asText()).as(c.name()).isEqualTo(c.errorMessage());
                assertThat(line.has("cost_usd")).as(c.name()).isFalse();
            }
        }
        assertThat(r.exitCode).isEqualTo(2); // the table holds invalid records
    }
}
