/**
 * The machinery behind the Redis bus: the pipelined sender, the consumer's connection and
 * entry handling, the entry codec. Not an API: these types may change at any time.
 */
package org.openedx.events.redis.internal;
