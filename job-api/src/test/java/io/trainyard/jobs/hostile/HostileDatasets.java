package io.trainyard.jobs.hostile;

import io.trainyard.support.hostile.Hostile;
import io.trainyard.support.hostile.HostileRequest;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Hostile dataset uploads: CSVs broken in one way each (ragged rows, open quotes, not UTF-8, NUL bytes,
 * 10,000 columns, too few rows, a target that cannot be trained on, a time column with a value that is no time) under harmless decorations (a BOM,
 * quotes, CRLF, unicode), broken forms, broken multipart and oversized files. Each is invalid, so none may
 * register a dataset.
 */
final class HostileDatasets {
    static final String PATH = "/api/v1/datasets";
    /** A file just over the dataset limit (trainyard.datasets.max-bytes), built once. */
    private static byte[] oversized;

    private HostileDatasets() {
    }

    static Function<Hostile, HostileRequest> uploads(long maxBytes) {
        return h -> h.chance(0.004) ? tooLarge(maxBytes) : switch (h.random().nextInt(4)) {
            case 0 -> brokenForm(h);
            case 1 -> wrongEnvelope(h);
            default -> brokenFile(h);
        };
    }

    /** A CSV that would be accepted, with harmless hostile decorations. */
    private static StringBuilder goodCsv(Hostile h, String target) {
        String eol = h.oneOf("\n", "\r\n");
        StringBuilder csv = new StringBuilder(h.chance(0.3) ? "\uFEFF" : "");
        csv.append("x1,\"x 2\",").append(target).append(eol);
        for (int i = 0; i < 12; i++) {
            String label = h.oneOf("a", "b", "\"q\"\"uoted\"", "\u65e5\u672c", "\uD83D\uDE00");
            csv.append(h.between(-5, 5)).append(',').append(h.oneOf("1.5", "2", "-0.5", " 3 ")).append(',')
                    .append(i % 2 == 0 ? "a" : label).append(eol);
        }
        return csv;
    }

    private static Multipart form(byte[] csv, String target) {
        return new Multipart().file("file", "data.csv", csv).field("name", "hostile")
                .field("target_column", target).field("task_type", "classification");
    }

    private static HostileRequest upload(Multipart form, String field, String kind) {
        return HostileRequest.of("POST", PATH, field, kind).body(Multipart.TYPE, form.bytes());
    }

    private static HostileRequest brokenForm(Hostile h) {
        byte[] csv = goodCsv(h, "label").toString().getBytes(StandardCharsets.UTF_8);
        Multipart form = new Multipart();
        String field = h.oneOf("file", "name", "target_column", "task_type", "time_column");
        if (!field.equals("file")) {
            form.file("file", h.oneOf("data.csv", "../../etc/passwd", "\u0000.csv", "C:\\x.csv"), csv);
        }
        String name = field.equals("name") ? h.oneOf("", " ", "\t", "n".repeat(201), "a\u0000b", "x\u001by")
                : h.oneOf("hostile", "' OR '1'='1", "\u65e5\u672c");
        form.field("name", name);
        form.field("target_column", field.equals("target_column") ? h.oneOf("", " ", "nope' --", "LABEL",
                "label\u0000") : "label");
        form.field("task_type", field.equals("task_type") ? h.oneOf(h.string(), "Classification", "") 
                : h.oneOf("classification", "regression"));
        if (field.equals("time_column")) {
            // x1 holds numbers, none of them a compact date; label is the target.
            form.field("time_column", h.oneOf("nope", "x1", "label", "X1", "x1\u0000", "' OR '1'='1"));
        }
        if (field.equals("target_column") && h.chance(0.5)) {
            return upload(new Multipart().file("file", "d.csv", csv).field("name", "n").field("task_type",
                    "classification"), field, "missing target_column");
        }
        return upload(form, field, "bad form field " + field);
    }

    private static HostileRequest wrongEnvelope(Hostile h) {
        byte[] csv = goodCsv(h, "label").toString().getBytes(StandardCharsets.UTF_8);
        Multipart form = form(csv, "label");
        return h.any(
                () -> HostileRequest.of("POST", PATH, null, "wrong content type").body(h.contentType(),
                        h.badJsonDocument()),
                () -> HostileRequest.of("POST", PATH, null, "csv as the body").body("text/csv", csv),
                () -> HostileRequest.of("POST", PATH, null, "no boundary").body("multipart/form-data", form.bytes()),
                () -> HostileRequest.of("POST", PATH, null, "other boundary")
                        .body("multipart/form-data; boundary=elsewhere", form.bytes()),
                () -> HostileRequest.of("POST", PATH, null, "cut short").body(Multipart.TYPE, form.bytes(false)),
                () -> HostileRequest.of("POST", PATH, null, "no body").body(Multipart.TYPE, new byte[0]),
                () -> upload(new Multipart().field("name", "x".repeat(h.between(3_000, 100_000)))
                        .field("target_column", "label").field("task_type", "classification")
                        .file("file", "d.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)), "name",
                        "long form field").alsoAt("body"));
    }

    private static HostileRequest brokenFile(Hostile h) {
        String eol = "\n";
        String target = "label";
        String task = "classification";
        String field = "file";
        StringBuilder csv = goodCsv(h, target);
        String kind = h.oneOf("ragged", "open quote", "not utf-8", "nul", "10k columns", "too few rows",
                "empty", "header only", "duplicate header", "empty header", "missing value", "nan target",
                "one class", "many classes", "fractional classes", "control header", "utf-16", "bad time");
        byte[] bytes = null;
        switch (kind) {
            case "ragged" -> csv.append(h.oneOf("1,2", "1,2,a,4", "1", "1,2,a,,,,")).append(eol);
            case "open quote" -> csv.append("1,\"2,a").append(eol).append("3,4,b").append(eol);
            case "not utf-8" -> bytes = concat(csv, new byte[] {(byte) 0xC3, (byte) 0x28, ',', '1', ',', 'a', '\n'});
            case "nul" -> csv.replace(csv.lastIndexOf(",a"), csv.lastIndexOf(",a") + 2, ",a\u0000a");
            case "10k columns" -> {
                csv.setLength(0);
                StringBuilder header = new StringBuilder();
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < 10_000; i++) {
                    header.append('c').append(i).append(',');
                    row.append(i % 7).append(',');
                }
                csv.append(header).append(target).append(eol);
                for (int r = 0; r < 12; r++) {
                    csv.append(row).append(r % 2 == 0 ? "a" : "b").append(eol);
                }
            }
            case "too few rows" -> csv = new StringBuilder("x1,x2,label\n1,2,a\n3,4,b\n");
            case "empty" -> csv.setLength(0);
            case "header only" -> csv = new StringBuilder(h.oneOf("\uFEFF", "") + "x1,x2,label\n");
            case "duplicate header" -> csv.replace(csv.indexOf("x1"), csv.indexOf("x1") + 2, "label");
            case "empty header" -> csv.replace(csv.indexOf("x1"), csv.indexOf("x1") + 2, "\"\"");
            case "missing value" -> csv.append("1,,a").append(eol);
            case "nan target" -> {
                task = "regression";
                field = "target_column";
                csv = new StringBuilder("x,y\n");
                for (int i = 0; i < 12; i++) {
                    csv.append(i).append(',').append(h.oneOf("NaN", "Infinity", "-Infinity", "1e309", "1.5"))
                            .append('\n');
                }
                csv.append("1,").append(h.oneOf("NaN", "Infinity", "-Infinity", "1e309")).append('\n');
                target = "y";
            }
            case "one class", "many classes", "fractional classes" -> {
                field = "target_column";
                csv = new StringBuilder("x,y\n");
                for (int i = 0; i < 120; i++) {
                    csv.append(i).append(',').append(switch (kind) {
                        case "one class" -> "same";
                        case "many classes" -> "class" + i;
                        default -> i + ".5";
                    }).append('\n');
                }
                target = "y";
            }
            case "bad time" -> {
                field = "time_column";
                csv = new StringBuilder("day,x,label\n");
                for (int i = 0; i < 12; i++) {
                    csv.append(i == 5 ? h.oneOf("2024-02-30", "20241301", "yesterday", "2024-01-01 10:00", "2024-1-05",
                            "\"2024-01-05\u00a0x\"")
                            : "2024-01-%02d".formatted(i + 1)).append(',').append(i).append(',')
                            .append(i % 2 == 0 ? "a" : "b").append('\n');
                }
            }
            case "control header" -> csv.replace(csv.indexOf("x1"), csv.indexOf("x1") + 2,
                    h.oneOf("x\u0000y", "x\u001b[0my", "x\u0007y", "x\u007fy"));
            default -> bytes = csv.toString().getBytes(StandardCharsets.UTF_16);
        }
        if (bytes == null) {
            bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        }
        Multipart form = new Multipart().file("file", "data.csv", bytes).field("name", "hostile " + kind)
                .field("target_column", target).field("task_type", task);
        if (kind.equals("bad time")) {
            form.field("time_column", "day");
        }
        return upload(form, kind.equals("10k columns") ? "file" : field, "csv: " + kind);
    }

    private static synchronized HostileRequest tooLarge(long maxBytes) {
        if (oversized == null) {
            oversized = new byte[(int) maxBytes + 1];
            java.util.Arrays.fill(oversized, (byte) '1');
        }
        return upload(form(oversized, "label"), "file", "file over the dataset limit");
    }

    private static byte[] concat(CharSequence text, byte[] tail) {
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
