/** Spring Boot tests of applications that use the event bus. */
package org.openedx.events.spring.boot.test;
