package dev.connector;

import dev.connector.diagnose.Doctor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property: for thousands of generated URLs holding a password, malformed in the ways people mistype them
 * (scheme without "//", no scheme, two ports, an unencoded '/', '?' or '#', a password parameter spelled with
 * %-escapes or a raw space, a NUL), no exception message, log line (DEBUG included), toString() or doctor
 * output contains the password.
 */
class PasswordMaskingTest {

    private static final long SEED = 20261123L;
    private static final int COUNT = 3000;

    /** A generated URL and the password inside it. */
    record Case(String url, String password) {
    }

    static List<Case> cases(long seed, int count) {
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean query = i % 16 >= 12;
            String pw = password(random, !query);
            String host = "db" + i + ".example.invalid";
            String url = switch (i % 16) {
                case 0 -> "postgres//app:" + pw + "@" + host + "/shop";
                case 1 -> "postgresql:/app:" + pw + "@" + host + "/shop";
                case 2 -> "app:" + pw + "@" + host + ":5432/shop";
                case 3 -> "postgres://app:" + pw + "@" + host + ":port/shop";
                case 4 -> "postgres://app:" + pw + "@" + host + ":5432:5432/shop";
                case 5 -> "mysql://app:" + pw + "@" + host + "/shop";
                case 6 -> "postgres://app:" + pw + "@a,b/shop";
                case 7 -> "postgres://app:" + pw + "@" + host + "/shop";
                case 8 -> "postgres://app:" + pw + "@[::1/shop";
                case 9 -> "postgres://app:" + pw + "@" + host + "/shop\0";
                case 10 -> "jdbc:postgresql://app:" + pw + "@" + host + "/" + "x".repeat(300);
                case 11 -> "postgresql://app:" + pw + "@" + host + "/shop?sslmode=bogus";
                case 12 -> "jdbc:postgresql://" + host + "/shop?password=" + pw + "&bogus=1";
                case 13 -> "jdbc:postgresql://" + host + ":port/shop?pass%77ord=" + pw;
                case 14 -> "jdbc:postgresql://" + host + ":port/shop?PASSWORD=" + pw + "&sslmode=require";
                default -> "postgres://" + host + ":99999/shop?user=app&password=" + pw;
            };
            cases.add(new Case(url, pw));
        }
        return cases;
    }

    /** 10 to 20 characters, at least 8 of them letters and digits; in a user-info, also '/', '?', '#', '@', ':', ' ', '%'. */
    private static String password(Random random, boolean specials) {
        String plain = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        String special = specials ? "/?#@: %-_.!" : " ?/:#-_.!";
        StringBuilder pw = new StringBuilder("Pw");
        int length = 10 + random.nextInt(11);
        while (pw.length() < length) {
            boolean odd = random.nextInt(5) == 0;
            String from = odd ? special : plain;
            pw.append(from.charAt(random.nextInt(from.length())));
        }
        return pw.toString();
    }

    /** Run in a child JVM with DEBUG logging: builds a DataSource from every case and prints what a user would see. */
    public static void main(String[] args) {
        int built = 0;
        for (Case c : cases(Long.parseLong(args[0]), Integer.parseInt(args[1]))) {
            try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of("DATABASE_URL", c.url()))
                    .shutdownHook(false).build()) {
                System.out.println(ds + " " + ds.config() + " " + ds.config().describe());
                built++;
            } catch (RuntimeException e) {
                System.out.println(e);
            }
        }
        System.out.println("built " + built);
    }

    @Test
    void noMessageLogLineOrToStringShowsAPasswordFromAMalformedUrl() throws Exception {
        // Given a child JVM that logs at DEBUG (the configuration dump included)
        Process child = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-Dorg.slf4j.simpleLogger.log.dev.connector=debug",
                PasswordMaskingTest.class.getName(), String.valueOf(SEED), String.valueOf(COUNT))
                .redirectErrorStream(true).start();
        // When it builds a DataSource from every generated URL
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        // Then it did log at DEBUG, built some and refused others
        assertThat(output).contains("DEBUG dev.connector.ConnectorDataSource - connector: configuration");
        assertThat(output).contains("InvalidConfigurationException").containsPattern("built [1-9]");
        // And no password shows anywhere
        for (Case c : cases(SEED, COUNT)) {
            assertThat(output).as(c.url()).doesNotContain(c.password());
        }
    }

    @Test
    void theDoctorNeverShowsAPasswordFromAMalformedUrl() {
        for (Case c : cases(SEED + 1, 400)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                try {
                    ConnectorConfig.builder().environment(Map.of("DATABASE_URL", c.url())).build();
                    continue; // a valid configuration sends the doctor to DNS; only refused ones are checked here
                } catch (InvalidConfigurationException expected) {
                    // the doctor stops at the configuration step
                }
                int code = Doctor.run(Map.of("DATABASE_URL", c.url()), out, c.url().length() % 2 == 0);
                assertThat(code).isEqualTo(Doctor.INVALID_CONFIGURATION);
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).as(c.url()).doesNotContain(c.password());
        }
    }
}
