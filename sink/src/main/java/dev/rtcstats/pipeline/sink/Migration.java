package dev.rtcstats.pipeline.sink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema file {@code NNN_name.sql}. Statements end with a {@code ;} at the end of a line; the
 * checksum covers the whole file, so an edit to an applied migration is noticed.
 */
record Migration(int version, String name, String sql) {
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{3,})_([A-Za-z0-9_]+)\\.sql");
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");

    static boolean isMigrationFile(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    static Migration parse(String fileName, String sql) {
        Matcher matcher = FILE_NAME.matcher(fileName);
        if (!matcher.matches()) {
            throw new MigrationException("migration file name must look like 001_name.sql, got '" + fileName + "'");
        }
        return new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2), sql);
    }

    String fileName() {
        return String.format(java.util.Locale.ROOT, "%03d_%s.sql", version, name);
    }

    String checksum() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The statements to run, without comment-only lines or empty statements. */
    List<String> statements() {
        List<String> statements = new ArrayList<>();
        int start = 0;
        Matcher matcher = STATEMENT_END.matcher(sql);
        while (matcher.find()) {
            addStatement(statements, sql.substring(start, matcher.start()));
            start = matcher.end();
        }
        addStatement(statements, sql.substring(start));
        return statements;
    }

    private static void addStatement(List<String> statements, String text) {
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\\r?\\n")) {
            if (!line.strip().startsWith("--") && !line.isBlank()) {
                statement.append(line).append('\n');
            }
        }
        if (!statement.isEmpty()) {
            statements.add(statement.toString().strip());
        }
    }
}
