package dev.rtcstats.pipeline.sink;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster variant of the single-node migrations: each {@code *MergeTree} table becomes a replicated local table
 * {@code <name>_local} on every node ({@code Replicated*MergeTree}, {@code ON CLUSTER}) behind a {@code Distributed}
 * table with the original name, sharded by {@code cityHash64(connection_id)} so that every version of a connection
 * lands on one shard and {@code FINAL} still collapses it. Views are created on every node over the distributed
 * tables; column changes go to both tables. A materialized view is created on every node between the local tables,
 * so what it derives from a connection's rows lands on that connection's shard. Anything else is refused, naming the
 * statement, rather than guessed.
 */
record ClusterDdl(String cluster) {
    private static final String PART = "(?:\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)";
    /** A table, view or database name, optionally qualified by its database. */
    private static final String NAME = "(" + PART + "(?:\\." + PART + ")?)";

    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?"
            + NAME + "\\s*(\\(.*\\))\\s*ENGINE\\s*=\\s*(\\w*)MergeTree\\s*(\\(([^)]*)\\))?(.*)");
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "(?is)CREATE\\s+(OR\\s+REPLACE\\s+)?VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "\\s+AS\\s+(.*)");
    private static final Pattern CREATE_MATERIALIZED_VIEW =
            Pattern.compile("(?is)CREATE\\s+MATERIALIZED\\s+VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "\\s+TO\\s+"
                    + NAME + "\\s+AS\\s+(.*)");
    /** A table a materialized view reads: {@code FROM name}, not {@code FROM (subquery)}. */
    private static final Pattern FROM_TABLE = Pattern.compile("(?i)\\bFROM\\s+" + NAME);

    private static final Pattern CREATE_DATABASE =
            Pattern.compile("(?is)CREATE\\s+DATABASE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "(.*)");
    private static final Pattern ALTER_TABLE = Pattern.compile("(?is)ALTER\\s+TABLE\\s+" + NAME + "\\s+(.*)");
    private static final Pattern COLUMN_CHANGE =
            Pattern.compile("(?is)(ADD|DROP|MODIFY|RENAME|COMMENT)\\s+COLUMN\\b.*");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    ClusterDdl {
        Objects.requireNonNull(cluster, "cluster");
        if (!CLUSTER_NAME.matcher(cluster).matches()) {
            throw new MigrationException(
                    "SINK_CLICKHOUSE_CLUSTER must be a cluster name from remote_servers, got '" + cluster + "'");
        }
    }

    /** The statements that apply {@code statement} to the whole cluster, in order. */
    List<String> translate(String statement) {
        Matcher table = CREATE_TABLE.matcher(statement.strip());
        if (table.matches()) {
            return createTable(table);
        }
        Matcher materialized = CREATE_MATERIALIZED_VIEW.matcher(statement.strip());
        if (materialized.matches()) {
            return List.of("CREATE MATERIALIZED VIEW " + nullToEmpty(materialized.group(1)) + materialized.group(2)
                    + " ON CLUSTER " + cluster + " TO " + local(materialized.group(3)) + " AS "
                    + FROM_TABLE
                            .matcher(materialized.group(4))
                            .replaceAll(from -> "FROM " + Matcher.quoteReplacement(local(from.group(1)))));
        }
        Matcher view = CREATE_VIEW.matcher(statement.strip());
        if (view.matches()) {
            return List.of("CREATE " + nullToEmpty(view.group(1)) + "VIEW " + nullToEmpty(view.group(2)) + view.group(3)
                    + " ON CLUSTER " + cluster + " AS " + view.group(4));
        }
        Matcher database = CREATE_DATABASE.matcher(statement.strip());
        if (database.matches()) {
            return List.of("CREATE DATABASE " + nullToEmpty(database.group(1)) + database.group(2) + " ON CLUSTER "
                    + cluster + database.group(3));
        }
        Matcher alter = ALTER_TABLE.matcher(statement.strip());
        if (alter.matches()) {
            String local = "ALTER TABLE " + local(alter.group(1)) + " ON CLUSTER " + cluster + " " + alter.group(2);
            if (COLUMN_CHANGE.matcher(alter.group(2)).matches()) {
                return List.of(
                        local, "ALTER TABLE " + alter.group(1) + " ON CLUSTER " + cluster + " " + alter.group(2));
            }
            return List.of(local);
        }
        throw new MigrationException("cluster mode (SINK_CLICKHOUSE_CLUSTER) cannot translate this statement; write"
                + " it for both modes as CREATE TABLE ... MergeTree, CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED"
                + " VIEW ... TO, CREATE DATABASE or ALTER TABLE: " + statement);
    }

    /** The migrations table, replicated to every node of every shard (one ZooKeeper path without {shard}). */
    String migrationsTable(String name) {
        return "CREATE TABLE IF NOT EXISTS " + name + " ON CLUSTER " + cluster + " (version UInt32, name String,"
                + " checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))"
                + " ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{database}/" + name + "', '{replica}')"
                + " ORDER BY version";
    }

    private List<String> createTable(Matcher table) {
        String ifNotExists = nullToEmpty(table.group(1));
        String name = table.group(2);
        String columns = table.group(3);
        if (!name.matches(PART)) {
            throw new MigrationException("cluster mode creates tables in the sink's database only, not " + name);
        }
        if (!columns.matches("(?s).*\\bconnection_id\\b.*")) {
            throw new MigrationException("cluster mode shards by connection_id, which table " + name + " lacks");
        }
        String arguments = table.group(6) == null || table.group(6).isBlank()
                ? ""
                : ", " + table.group(6).strip();
        String path = "'/clickhouse/tables/{shard}/{database}/" + unquote(local(name)) + "', '{replica}'";
        String replicated = "CREATE TABLE " + ifNotExists + local(name) + " ON CLUSTER " + cluster + " " + columns
                + " ENGINE = Replicated" + table.group(4) + "MergeTree(" + path + arguments + ")"
                + table.group(7);
        String distributed = "CREATE TABLE " + ifNotExists + name + " ON CLUSTER " + cluster + " AS " + local(name)
                + " ENGINE = Distributed('" + cluster + "', currentDatabase(), '" + unquote(local(name))
                + "', cityHash64(connection_id))";
        return List.of(replicated, distributed);
    }

    private static String local(String name) {
        char quote = name.charAt(name.length() - 1);
        if (quote == '"' || quote == '`') {
            return name.substring(0, name.length() - 1) + "_local" + quote;
        }
        return name + "_local";
    }

    /** The table part of a possibly qualified name, without quotes, as the Distributed engine takes it. */
    private static String unquote(String name) {
        String table = name.substring(name.lastIndexOf('.', name.length() - 2) + 1);
        char quote = table.charAt(0);
        return quote == '"' || quote == '`' ? table.substring(1, table.length() - 1) : table;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text.toUpperCase(Locale.ROOT);
    }
}
