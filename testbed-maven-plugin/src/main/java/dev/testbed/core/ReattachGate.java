package dev.testbed.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets parallel workers, each on a duplicate of one DuckDB connection, share a lake attachment that one of them
 * must sometimes renew: after a lost commit on a shared catalog the rerun starts from a freshly attached lake
 * (see {@link Lake#reattachesAfterLostCommit()}). The attachment belongs to the whole DuckDB instance, so a
 * worker renews it only while no other worker is inside a transaction: workers hold the gate's read lock while
 * they use the lake, and the renewing worker swaps its read lock for the write lock meanwhile.
 */
public final class ReattachGate {

    /** Work a worker does on the lake while holding the gate. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private final Lake lake;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    public ReattachGate(Lake lake) {
        this.lake = lake;
    }

    /** Runs {@code work} inside the gate: a re-attach by another worker waits until it is done. */
    public <T, E extends Exception> T inside(Work<T, E> work) throws E {
        lock.readLock().lock();
        try {
            return work.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * For reruns of work done {@link #inside} the gate on {@code connection}: re-attaches the lake alone before
     * each rerun when the catalog asks for it, then tells {@code then}.
     */
    public Lake.RerunListener reattachingOn(Connection connection, Lake.RerunListener then) {
        return (next, lost) -> {
            if (lake.reattachesAfterLostCommit()) {
                lock.readLock().unlock();
                lock.writeLock().lock();
                try {
                    lake.reattach(connection);
                } finally {
                    lock.writeLock().unlock();
                    lock.readLock().lock();
                }
            }
            then.rerunning(next, lost);
        };
    }
}
