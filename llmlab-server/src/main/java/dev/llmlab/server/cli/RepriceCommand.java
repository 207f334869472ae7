package dev.llmlab.server.cli;

import dev.llmlab.server.ServerHome;
import dev.llmlab.server.reprice.Repricer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmlab reprice --from 2025-07-01 --to 2025-08-01 [--tz Europe/Paris] [--prices FILE] [--apply]}:
 * re-prices the stored events of a range with the current catalog (built-in prices,
 * {@code LLMLAB_PRICES}, then {@code --prices}), prints what changes, and writes it only with
 * {@code --apply}. Uses the same database as {@code llmlab serve}.
 */
@Command(name = "reprice", mixinStandardHelpOptions = true,
        description = "Re-price stored events of a date range with the current prices; shows the difference, "
                + "applies it only with --apply.")
public final class RepriceCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "start: a date (in --tz) or an ISO-8601 instant, inclusive")
    String from;

    @Option(names = "--to", required = true, description = "end: a date (in --tz) or an ISO-8601 instant, exclusive")
    String to;

    @Option(names = "--tz", defaultValue = "UTC", description = "time zone of dates (default: ${DEFAULT-VALUE})")
    String tz;

    @Option(names = "--prices", description = "a price file, or an https:// URL of one, adding to or overriding the catalog")
    Path prices;

    @Option(names = "--apply", description = "write the new prices (without it, nothing is changed)")
    boolean apply;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @return 0 on success */
    @Override
    public Integer call() {
        ZoneId zone = ZoneId.of(tz);
        Instant start = instant(from, zone, "--from");
        Instant end = instant(to, zone, "--to");
        ServerHome home = ServerHome.fromEnvironment();
        try (ServerHome.Database db = home.database()) {
            db.connection().migrate();
            Jdbi jdbi = Jdbi.create(db.connection().jdbcUrl(), db.connection().user(), db.connection().password());
            Repricer repricer = new Repricer(jdbi, home.catalog(prices == null ? null : Catalogs.source(prices)));
            Repricer.Plan plan = repricer.plan(start, end);
            var out = spec == null ? new java.io.PrintWriter(System.out, true) : spec.commandLine().getOut();
            out.print(plan.report());
            if (!apply) {
                out.println(plan.changed() == 0 ? "nothing to change." : "dry run: nothing written; add --apply to write these prices.");
            } else {
                long n = repricer.apply(plan);
                out.println("applied: " + n + " events re-priced.");
            }
            out.flush();
            return 0;
        }
    }

    private static Instant instant(String s, ZoneId zone, String option) {
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.ParameterException(new CommandLine(new RepriceCommand()),
                    option + " must be a date like 2025-07-01 or an instant like 2025-07-01T00:00:00Z, was '" + s + "'");
        }
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RepriceCommand()).execute(args));
    }
}
