package io.trainyard.lineage.projection;

import io.trainyard.contracts.OpenLineage;

import java.time.Instant;

/** A validated run event: its JSON as received, and that JSON parsed. */
record ReceivedRunEvent(String payload, OpenLineage.RunEvent event, Instant eventTime) {
}
