package io.trainyard.jobs.retention;

/**
 * What one retention pass removed.
 *
 * @param artifactFolders model and checkpoint folders of removed jobs deleted from the artifact store
 * @param liveTickets     expired live-update tickets (they stop working when they expire; this removes the rows)
 * @param contended       another replica held the clean-up lock for part of the pass; it does that part
 */
public record RetentionSummary(long jobs, long artifactFolders, long logLines, long liveEvents,
        long processedEvents, long liveTickets, boolean contended) {

    public long total() {
        return jobs + artifactFolders + logLines + liveEvents + processedEvents + liveTickets;
    }
}
