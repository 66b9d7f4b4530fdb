/**
 * Settings under their upstream names, read from code, system properties, the environment and
 * a YAML or JSON file; {@code EVENT_BUS_PRODUCER_CONFIG} and {@code EVENT_BUS_CONSUMER_CONFIG}.
 */
package org.openedx.events.settings;
