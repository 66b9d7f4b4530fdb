/** The SQLite store behind the embedded bus. Not API. */
package org.openedx.events.embedded.internal;
