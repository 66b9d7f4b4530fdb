/** The {@code openedx-events} command line, one class per command. */
package org.openedx.events.cli;
