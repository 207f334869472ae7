package dev.llmlab.server.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * Where the database is: a JDBC URL with its credentials. Parses {@code DATABASE_URL} in either
 * form users paste: {@code postgres://user:pass@host:port/db} (Heroku, Railway, Supabase) or a
 * {@code jdbc:postgresql:} URL.
 *
 * <p>Passwords are never shown: {@link #toString()}, {@link #maskedUrl()} and every error message
 * from here show {@code ***} in their place, whether they came in the user part of the URL or as a
 * {@code password=} parameter.
 *
 * @param jdbcUrl the JDBC URL; not null
 * @param user the user name; may be empty when the URL carries it
 * @param password the password; may be empty
 * @param origin who runs the database, which decides what {@link #checkDurability()} does; not null
 */
public record DatabaseConnection(String jdbcUrl, String user, String password, Origin origin) {
    private static final System.Logger LOG = System.getLogger(DatabaseConnection.class.getName());
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^:/?#@\\s]*):[^@/\\s]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&\\s)]*");
    private static final String MASK = "***";

    /** Who runs the database, and so how much a setting that can lose commits matters. */
    public enum Origin {
        /** {@code DATABASE_URL}: its operator decides; a setting that can lose commits is warned about. */
        EXTERNAL,
        /** The embedded cluster LLMlab configures: a setting that can lose commits refuses the start. */
        EMBEDDED,
        /** An embedded cluster started non-durable on purpose (tests, benchmarks): not checked. */
        EMBEDDED_THROWAWAY
    }

    /** Validates the parts. */
    public DatabaseConnection {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(origin, "origin");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * An external database.
     *
     * @param jdbcUrl the JDBC URL; not null
     * @param user the user name; may be empty when the URL carries it
     * @param password the password; may be empty
     */
    public DatabaseConnection(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, Origin.EXTERNAL);
    }

    /**
     * @param url a {@code postgres://}/{@code postgresql://} URL or a {@code jdbc:postgresql:} URL
     * @return the connection settings of an {@link Origin#EXTERNAL} database
     * @throws DatabaseException naming the expected forms when the URL is neither
     */
    public static DatabaseConnection parse(String url) {
        Objects.requireNonNull(url, "url");
        String u = url.trim();
        if (u.startsWith("jdbc:postgresql:")) {
            return new DatabaseConnection(u, "", "");
        }
        if (!u.startsWith("postgres://") && !u.startsWith("postgresql://")) {
            throw new DatabaseException("DATABASE_URL must be postgres://user:pass@host:port/db or a jdbc:postgresql: URL,"
                    + " was '" + mask(u) + "'");
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new DatabaseException("DATABASE_URL is not a valid URL (" + mask(u) + ")");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new DatabaseException("DATABASE_URL must name a host and a database: postgres://user:pass@host:port/db,"
                    + " was '" + mask(u) + "'");
        }
        String user = "";
        String password = "";
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        return new DatabaseConnection(jdbc.toString(), user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * Masks the passwords in any text that may hold a database URL: the password of
     * {@code scheme://user:password@host} and the value of every {@code password=} parameter.
     *
     * @param text a URL or a message holding URLs; not null
     * @return the text with {@code ***} for each password
     */
    public static String mask(String text) {
        String s = USER_INFO_PASSWORD.matcher(text).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
        return PASSWORD_PARAMETER.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /** @return the JDBC URL with its passwords masked, for messages and banners */
    public String maskedUrl() {
        return mask(jdbcUrl);
    }

    /** Masks this connection's URL forms and, when it is long enough to be told apart, the password itself. */
    private String masked(String text) {
        String s = mask(text == null ? "" : text);
        for (String secret : secrets()) {
            s = s.replace(secret, MASK);
        }
        return s;
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (password.length() >= 4) {
            secrets.add(password);
        }
        Matcher m = Pattern.compile("(?i)[?&;]password=([^&]*)").matcher(jdbcUrl);
        while (m.find()) {
            String raw = m.group(1);
            if (raw.length() >= 4) {
                secrets.add(raw);
                secrets.add(decode(raw));
            }
        }
        return secrets;
    }

    /**
     * The failure of {@code what}, with the messages of {@code e} and its causes, every password
     * masked. The causes are not attached: a driver's or Flyway's message may carry the URL.
     */
    private DatabaseException failure(String what, Throwable e) {
        StringBuilder message = new StringBuilder(what);
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            message.append(t == e ? ": " : " (caused by: ").append(t.getMessage());
            if (t != e) {
                message.append(')');
            }
        }
        return new DatabaseException(masked(message.toString()));
    }

    /**
     * Applies the schema migrations (Flyway, {@code classpath:db/migration}). Safe to run from
     * several processes at once: Flyway serialises them with a PostgreSQL advisory lock.
     *
     * @throws DatabaseException when a migration fails; its message shows no password
     */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(jdbcUrl, user, password)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw failure("cannot migrate the schema at " + maskedUrl(), e);
        }
    }

    /**
     * Checks that a commit the server acknowledges survives a crash: {@code fsync} and
     * {@code full_page_writes} on, {@code synchronous_commit} not {@code off} (as this connection's
     * sessions see them, so per-role and per-database settings count). For the embedded cluster a
     * setting that can lose commits refuses the start; for {@code DATABASE_URL} it is logged as a
     * WARNING naming the setting (its operator may accept the risk); a throw-away test cluster is
     * not checked.
     *
     * <pre>{@code
     * config.database().checkDurability();  // before the server takes its first event
     * }</pre>
     *
     * @return the settings that can lose acknowledged events, as {@code name=value}; empty when none
     * @throws DatabaseException for the embedded cluster when one is found, or when the settings cannot be read
     */
    public List<String> checkDurability() {
        if (origin == Origin.EMBEDDED_THROWAWAY) {
            return List.of();
        }
        List<String> unsafe = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
                        + " current_setting('full_page_writes')")) {
            rs.next();
            if (!"on".equals(rs.getString(1))) {
                unsafe.add("fsync=" + rs.getString(1));
            }
            if ("off".equals(rs.getString(2))) {
                unsafe.add("synchronous_commit=" + rs.getString(2));
            }
            if (!"on".equals(rs.getString(3))) {
                unsafe.add("full_page_writes=" + rs.getString(3));
            }
        } catch (SQLException e) {
            throw failure("cannot read the durability settings of " + maskedUrl(), e);
        }
        if (unsafe.isEmpty()) {
            return unsafe;
        }
        String settings = String.join(", ", unsafe);
        if (origin == Origin.EMBEDDED) {
            throw new DatabaseException("the embedded PostgreSQL runs with " + settings + ": an event answered 200 could be"
                    + " lost in a crash. Refusing to start; it must run with fsync=on, synchronous_commit=on and"
                    + " full_page_writes=on (" + maskedUrl() + ")");
        }
        LOG.log(System.Logger.Level.WARNING, "WARNING: DATABASE_URL " + maskedUrl() + " runs with " + settings
                + ": events the server answers 200 for can be LOST if PostgreSQL or its machine crashes."
                + " Set fsync=on, synchronous_commit=on and full_page_writes=on unless you accept that risk.");
        return unsafe;
    }

    @Override
    public String toString() {
        return "DatabaseConnection[" + maskedUrl() + ", user=" + user + ", " + origin + "]";
    }
}
