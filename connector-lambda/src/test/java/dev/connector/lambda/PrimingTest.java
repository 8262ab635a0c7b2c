package dev.connector.lambda;

import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what priming saves: the time to the first query after a cold start, in fresh JVMs, primed and
 * not, alternating. Asserts no time (this machine is noisy); it writes the medians to
 * target/priming.md and the README quotes a run. {@code -Dpriming.trials=N} for more than 3 a side.
 */
class PrimingTest {

    @Test
    void measuresTheFirstQueryAfterAColdStartPrimedAndNot() throws Exception {
        PostgresServer db = TestDatabase.shared();
        int trials = Integer.getInteger("priming.trials", 3);
        List<long[]> primed = new ArrayList<>();
        List<long[]> cold = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            cold.add(trial(db, false));
            primed.add(trial(db, true));
        }
        String table = "| | init (ms) | first query (ms) | init + first query (ms) |\n|---|---|---|---|\n"
                + row("not primed", cold) + row("primed", primed);
        System.out.println(table);
        Files.writeString(Path.of("target", "priming.md"), "median of " + trials + " fresh JVMs each\n\n" + table);
        assertThat(primed).allSatisfy(t -> assertThat(t[1]).isPositive());
        assertThat(cold).allSatisfy(t -> assertThat(t[1]).isPositive());
    }

    private static long[] trial(PostgresServer db, boolean prime) throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                PrimingTrial.class.getName(), db.appDatabaseUrl(), String.valueOf(prime))
                .redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("init=")) {
                    result = line;
                }
            }
        }
        assertThat(p.waitFor()).isZero();
        assertThat(result).as("the trial's measurement").isNotNull();
        String[] parts = result.split("[ =]");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[3])};
    }

    private static String row(String label, List<long[]> trials) {
        return "| " + label + " | " + median(trials, 0) + " | " + median(trials, 1) + " | "
                + median(trials.stream().map(t -> new long[] {t[0] + t[1]}).toList(), 0) + " |\n";
    }

    private static long median(List<long[]> trials, int index) {
        List<Long> values = new ArrayList<>();
        trials.forEach(t -> values.add(t[index]));
        Collections.sort(values);
        return values.get(values.size() / 2);
    }
}
