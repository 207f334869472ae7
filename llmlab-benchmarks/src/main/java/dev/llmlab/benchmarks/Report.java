package dev.llmlab.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

/**
 * Runs JMH benchmarks (same arguments as JMH's own main) and prints, for each benchmark, the
 * MEDIAN of its measurement iterations across all forks, with the allocation per operation when
 * run with {@code -prof gc}. README's figures are these medians.
 *
 * <pre>{@code
 * java -cp llmlab-benchmarks/target/benchmarks.jar dev.llmlab.benchmarks.Report Pricing -prof gc
 * }</pre>
 */
public final class Report {
    private Report() {
    }

    /**
     * @param args JMH command-line arguments
     * @throws RunnerException when JMH fails
     * @throws CommandLineOptionException when the arguments are not JMH's
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Options options = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("Medians of measurement iterations:");
        for (RunResult run : results) {
            BenchmarkParams params = run.getParams();
            List<Double> scores = new ArrayList<>();
            List<Double> alloc = new ArrayList<>();
            for (BenchmarkResult b : run.getBenchmarkResults()) {
                for (IterationResult it : b.getIterationResults()) {
                    scores.add(it.getPrimaryResult().getScore());
                    Result<?> gc = it.getSecondaryResults().get("gc.alloc.rate.norm");
                    if (gc != null) {
                        alloc.add(gc.getScore());
                    }
                }
            }
            String unit = run.getPrimaryResult().getScoreUnit();
            String line = String.format(Locale.ROOT, "%-70s threads=%d  median %.1f %s  (min %.1f, max %.1f, n=%d)",
                    params.getBenchmark() + paramsText(params), params.getThreads(), median(scores), unit,
                    Collections.min(scores), Collections.max(scores), scores.size());
            if (!alloc.isEmpty()) {
                line += String.format(Locale.ROOT, "  alloc %.0f B/op", median(alloc));
            }
            System.out.println(line);
        }
    }

    private static String paramsText(BenchmarkParams params) {
        StringBuilder sb = new StringBuilder();
        for (String key : params.getParamsKeys()) {
            sb.append(sb.length() == 0 ? "{" : ",").append(key).append('=').append(params.getParam(key));
        }
        return sb.length() == 0 ? "" : sb.append('}').toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
