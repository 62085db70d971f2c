package edu.attendance.stream.sink;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * How the sink names its batches. A batch is one partition's records from {@code first} to {@code last}
 * offset; its deduplication token is derived from that range alone, and before it is inserted the range is
 * recorded as the committed offset's metadata ({@code pending:<last>}), so that a sink restarted after a
 * crash rebuilds exactly the same batch and ClickHouse recognises the repeat.
 */
final class Batches {

    private static final String PENDING = "pending:";

    private Batches() {
    }

    static String token(String topic, int partition, long first, long last) {
        return topic + ':' + partition + ':' + first + '-' + last;
    }

    /** The committed position while a batch is in flight: still its first record, with the batch's end noted. */
    static OffsetAndMetadata pending(long first, long last) {
        return new OffsetAndMetadata(first, PENDING + last);
    }

    /** The end offset of an unfinished batch recorded in {@code committed}, or -1 when there is none. */
    static long pendingUntil(OffsetAndMetadata committed) {
        if (committed == null || committed.metadata() == null || !committed.metadata().startsWith(PENDING)) {
            return -1;
        }
        try {
            return Long.parseLong(committed.metadata().substring(PENDING.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
