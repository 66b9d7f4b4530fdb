/** Internal API of the outbox module: SQL and the relay's batches; may change without notice. */
package org.openedx.events.outbox.internal;
