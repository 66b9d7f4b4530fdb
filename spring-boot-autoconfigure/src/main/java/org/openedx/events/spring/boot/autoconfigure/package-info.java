/**
 * Spring Boot auto-configuration of the Open edX event bus; the starter
 * ({@code openedx-events-spring-boot-starter}) brings it.
 */
package org.openedx.events.spring.boot.autoconfigure;
