/** Implementation details of the Kafka bus; not a public API, may change in any release. */
package org.openedx.events.kafka.internal;
