/**
 * Open edX events in Java: signals ({@link org.openedx.events.OpenEdxPublicSignal}) and their
 * registry, event data and metadata, sending, and receivers (lambdas or
 * {@link org.openedx.events.OnEvent} methods).
 */
package org.openedx.events;
