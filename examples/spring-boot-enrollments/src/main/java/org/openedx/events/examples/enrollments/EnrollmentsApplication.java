package org.openedx.events.examples.enrollments;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Keeps the enrollments the Open edX event bus announces, one row per user and course, serves them
 * over HTTP and announces the unenrollments it makes.
 */
@SpringBootApplication
public class EnrollmentsApplication {

    public static void main(String[] args) {
        SpringApplication.run(EnrollmentsApplication.class, args);
    }
}
