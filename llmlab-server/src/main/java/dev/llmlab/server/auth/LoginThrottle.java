package dev.llmlab.server.auth;

import dev.llmlab.server.ServerConfig;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Throttles failed logins per account and per client address with the counters in PostgreSQL
 * ({@code login_failures}), so every instance sharing the database enforces the same limits. The
 * policy is {@link LoginLimits}; the clock is the database's, so instances with skewed clocks agree.
 *
 * <p>An attempt on an account is counted as a failure before its password is checked (in the
 * transaction that checks the wait, under the row's lock) and forgotten when it succeeds: parallel
 * guesses cannot slip past the threshold while their PBKDF2 work runs. Attempts refused for waiting
 * are not counted, so a lock-out ends on its own. An email without an account is counted the same
 * way, so the answers never tell whether an account exists.
 */
@Singleton
public final class LoginThrottle {
    private static final System.Logger LOG = System.getLogger(LoginThrottle.class.getName());
    private static final String ACCOUNT = "account";
    private static final String ADDRESS = "address";
    private final Jdbi jdbi;
    private final LoginLimits limits;

    /**
     * @param jdbi the database
     * @param config the limits
     */
    public LoginThrottle(Jdbi jdbi, ServerConfig config) {
        this.jdbi = jdbi;
        this.limits = config.loginLimits();
    }

    private record Row(int failures, Instant lastFailureAt, Instant lockedUntil, Instant now) {
    }

    /**
     * Lets a login attempt go ahead and counts it against the account, or refuses it.
     *
     * @param email the email as presented (normalised here)
     * @param address the client address ({@link ClientAddresses#of})
     * @throws RetryLater 429 {@code too_many_attempts} with the wait when the account or the address
     *     must wait
     */
    public void admit(String email, String address) {
        byte[] account = subject(normalise(email));
        byte[] from = subject(address);
        jdbi.useTransaction(h -> {
            Row a = find(h, ADDRESS, from, false);
            if (a != null && a.lockedUntil() != null && a.lockedUntil().isAfter(a.now())) {
                throw RetryLater.tooManyAttempts(Duration.between(a.now(), a.lockedUntil()));
            }
            Row r = lock(h, ACCOUNT, account);
            if (r.lockedUntil() != null && r.lockedUntil().isAfter(r.now())) {
                throw RetryLater.tooManyAttempts(Duration.between(r.now(), r.lockedUntil()));
            }
            count(h, ACCOUNT, account, r, limits.accountFailures());
        });
    }

    /**
     * Records that an admitted attempt failed: the account's wait now counts from this moment, and
     * the address's count grows.
     *
     * @param email the email as presented
     * @param address the client address
     */
    public void failed(String email, String address) {
        byte[] account = subject(normalise(email));
        byte[] from = subject(address);
        jdbi.useTransaction(h -> {
            // Account first, then address, as admit() does: no two transactions wait on each other in a circle.
            Row r = find(h, ACCOUNT, account, true);
            if (r != null) {
                Duration wait = limits.delay(r.failures(), limits.accountFailures());
                update(h, ACCOUNT, account, r.failures(), r.now(), wait.isZero() ? null : r.now().plus(wait));
            }
            count(h, ADDRESS, from, lock(h, ADDRESS, from), limits.addressFailures());
        });
    }

    /**
     * Forgets the account's failures after a successful login (the address's count stays).
     *
     * @param email the email as presented
     */
    public void succeeded(String email) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE kind = :kind AND subject = :subject")
                .bind("kind", ACCOUNT).bind("subject", subject(normalise(email))).execute());
    }

    /**
     * Takes back the count of an admitted attempt whose password was never checked (the server was
     * too busy), so that overload does not lock people out.
     *
     * @param email the email as presented
     */
    public void released(String email) {
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE login_failures SET failures = greatest(failures - 1, 0),
                       locked_until = CASE WHEN failures - 1 < :threshold THEN NULL ELSE locked_until END
                WHERE kind = :kind AND subject = :subject""")
                .bind("threshold", limits.accountFailures())
                .bind("kind", ACCOUNT).bind("subject", subject(normalise(email))).execute());
    }

    /** Deletes counts idle for longer than the window, every ten minutes on every instance. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void forgetIdle() {
        try {
            int n = jdbi.withHandle(h -> h.createUpdate("DELETE FROM login_failures"
                    + " WHERE last_failure_at < now() - :window * interval '1 second'"
                    + " AND (locked_until IS NULL OR locked_until < now())")
                    .bind("window", limits.window().toSeconds()).execute());
            LOG.log(System.Logger.Level.DEBUG, "forgot {0} idle login failure counts", n);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "deleting idle login failure counts failed; trying again later", e);
        }
    }

    /** @return the row of a subject, created with no failures if missing, locked until commit */
    private static Row lock(Handle h, String kind, byte[] subject) {
        h.createUpdate("INSERT INTO login_failures (kind, subject, failures, last_failure_at)"
                + " VALUES (:kind, :subject, 0, now()) ON CONFLICT DO NOTHING")
                .bind("kind", kind).bind("subject", subject).execute();
        return find(h, kind, subject, true);
    }

    /** @return the row of a subject with the database's time, or null */
    private static Row find(Handle h, String kind, byte[] subject, boolean forUpdate) {
        return h.createQuery("SELECT failures, last_failure_at, locked_until, now() AS now FROM login_failures"
                + " WHERE kind = :kind AND subject = :subject" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("kind", kind).bind("subject", subject).map((rs, ctx) -> row(rs)).findOne().orElse(null);
    }

    /** Adds one failure to a locked row, starting over when the last one is older than the window. */
    private void count(Handle h, String kind, byte[] subject, Row r, int threshold) {
        boolean forgotten = r.lastFailureAt().isBefore(r.now().minus(limits.window()));
        int failures = forgotten ? 1 : (r.failures() == Integer.MAX_VALUE ? r.failures() : r.failures() + 1);
        Duration wait = limits.delay(failures, threshold);
        update(h, kind, subject, failures, r.now(), wait.isZero() ? null : r.now().plus(wait));
    }

    private static void update(Handle h, String kind, byte[] subject, int failures, Instant at, Instant lockedUntil) {
        h.createUpdate("UPDATE login_failures SET failures = :failures, last_failure_at = :at,"
                + " locked_until = :until WHERE kind = :kind AND subject = :subject")
                .bind("failures", failures).bind("at", at).bindByType("until", lockedUntil, Instant.class)
                .bind("kind", kind).bind("subject", subject).execute();
    }

    private static Row row(ResultSet rs) throws SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        return new Row(rs.getInt("failures"), rs.getTimestamp("last_failure_at").toInstant(),
                locked == null ? null : locked.toInstant(), rs.getTimestamp("now").toInstant());
    }

    private static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** SHA-256: the table holds no email or address in the clear. */
    private static byte[] subject(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
