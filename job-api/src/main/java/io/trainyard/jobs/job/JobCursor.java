package io.trainyard.jobs.job;

import io.trainyard.support.problem.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of the job list ended: the (created_at, id) of its last job, in the list's order (newest first,
 * id breaking ties). The next page is the jobs after it, one index range whatever the depth, and a job created
 * meanwhile (newer than every listed job) neither shifts nor repeats what follows. Clients treat it as opaque.
 */
public record JobCursor(Instant createdAt, UUID id) {
    private static final String VERSION = "j1";
    /** A cursor this list hands out is about 70 characters. */
    private static final int MAX_LENGTH = 200;
    /** 9999-12-31T23:59:59Z: later instants are no job's, and PostgreSQL would refuse the far ones. */
    private static final long MAX_MICROS = 253_402_300_799_999_999L;

    public static JobCursor after(TrainingJob job) {
        return new JobCursor(job.createdAt, job.id);
    }

    /** The text a client passes back as {@code cursor}: created_at (microseconds, as stored) and id. */
    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + ":" + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a client passed back; anything this list did not hand out is a 400 naming {@code cursor}. */
    public static JobCursor parse(String text) {
        if (text.length() <= MAX_LENGTH) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII)
                        .split(":", -1);
                if (parts.length == 3 && parts[0].equals(VERSION)) {
                    long micros = Long.parseLong(parts[1]);
                    UUID id = UUID.fromString(parts[2]);
                    if (micros >= 0 && micros <= MAX_MICROS && id.toString().equals(parts[2])) {
                        return new JobCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64, a number or an id: refused below
            }
        }
        throw ApiProblem.badRequest("cursor", "not a cursor of this list: pass back a next_cursor it answered");
    }
}
