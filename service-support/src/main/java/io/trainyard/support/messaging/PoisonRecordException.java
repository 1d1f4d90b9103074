package io.trainyard.support.messaging;

/**
 * A record a consumer cannot take, whatever it retries: it goes to the dead-letter topic at once. The message
 * starts with the {@link Kind}'s code ({@code "future-version: ..."}), so that the {@code dead-letter-reason}
 * header says which kind of poison it is in a form a tool can match.
 */
public class PoisonRecordException extends IllegalArgumentException {

    /** What is wrong with the record (docs/events.md, "Dead letters"). */
    public enum Kind {
        /** No CloudEvents headers. */
        NOT_A_CLOUD_EVENT("not-a-cloud-event"),
        /** A {@code ce_type} outside what the consumer reads and outside its topic's namespace. */
        UNKNOWN_TYPE("unknown-type"),
        /** A newer version of a type the consumer reads: a new version comes on a new topic. */
        FUTURE_VERSION("future-version"),
        /** The payload does not parse as JSON. */
        NOT_JSON("not-json"),
        /** JSON, but not the type's shape (a string where a number belongs). */
        MALFORMED("malformed"),
        /** The type's JSON without what the consumer cannot do without. */
        MISSING_FIELDS("missing-fields");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;

    public PoisonRecordException(Kind kind, String detail) {
        this(kind, detail, null);
    }

    public PoisonRecordException(Kind kind, String detail, Throwable cause) {
        super(kind.code() + ": " + detail, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
