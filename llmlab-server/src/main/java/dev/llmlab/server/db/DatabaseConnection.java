package dev.llmlab.server.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.flywaydb.core.Flyway;

/**
 * Where the database is: a JDBC URL with its credentials. Parses {@code DATABASE_URL} in either
 * form users paste: {@code postgres://user:pass@host:port/db} (Heroku, Railway, Supabase) or a
 * {@code jdbc:postgresql:} URL.
 *
 * @param jdbcUrl the JDBC URL; not null
 * @param user the user name; may be empty when the URL carries it
 * @param password the password; may be empty
 */
public record DatabaseConnection(String jdbcUrl, String user, String password) {
    /** Validates the parts. */
    public DatabaseConnection {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * @param url a {@code postgres://}/{@code postgresql://} URL or a {@code jdbc:postgresql:} URL
     * @return the connection settings
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
                    + " was '" + redact(u) + "'");
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new DatabaseException("DATABASE_URL is not a valid URL: " + e.getMessage());
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new DatabaseException("DATABASE_URL must name a host and a database: postgres://user:pass@host:port/db,"
                    + " was '" + redact(u) + "'");
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

    private static String redact(String url) {
        return url.replaceAll("//([^:/@]*):[^@]*@", "//$1:***@");
    }

    /**
     * Applies the schema migrations (Flyway, {@code classpath:db/migration}). Safe to run from
     * several processes at once: Flyway serialises them with a PostgreSQL advisory lock.
     *
     * @throws DatabaseException when a migration fails
     */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(jdbcUrl, user, password)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot migrate the schema at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DatabaseConnection[" + jdbcUrl + ", user=" + user + "]";
    }
}
