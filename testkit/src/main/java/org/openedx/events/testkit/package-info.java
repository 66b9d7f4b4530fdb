/**
 * Helpers for tests of code that sends and receives Open edX events.
 */
package org.openedx.events.testkit;
