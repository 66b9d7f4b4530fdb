package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.bus.TransactionHook;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring-managed transactions for the bus's {@code on_commit} mode: an event sent inside one is
 * handed to the producer from the transaction's after-commit synchronisation, and dropped with it
 * on rollback.
 */
final class SpringTransactionHook implements TransactionHook {

    @Override
    public boolean inTransaction() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
