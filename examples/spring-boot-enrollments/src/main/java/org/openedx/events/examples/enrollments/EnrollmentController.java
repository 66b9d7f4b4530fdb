package org.openedx.events.examples.enrollments;

import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The enrollments over HTTP. */
@RestController
public class EnrollmentController {

    private final EnrollmentRepository enrollments;
    private final EnrollmentService service;

    public EnrollmentController(EnrollmentRepository enrollments, EnrollmentService service) {
        this.enrollments = enrollments;
        this.service = service;
    }

    /** {@code GET /enrollments?course=course-v1:edX+DemoX+Demo}. */
    @GetMapping("/enrollments")
    public List<Enrollment> byCourse(@RequestParam("course") String courseKey) {
        return enrollments.byCourse(courseKey);
    }

    /**
     * {@code POST /enrollments/42/course-v1:edX+DemoX+Demo/deactivate}; an {@code Idempotency-Key}
     * header makes a retried request fail (409) instead of deactivating and announcing twice.
     */
    @PostMapping("/enrollments/{userId}/{courseKey}/deactivate")
    public ResponseEntity<Enrollment> deactivate(@PathVariable("userId") long userId,
                                                 @PathVariable("courseKey") String courseKey,
                                                 @RequestHeader(name = "Idempotency-Key", required = false)
                                                 String requestId) {
        String id = requestId != null ? requestId : UUID.randomUUID().toString();
        return ResponseEntity.of(service.deactivate(userId, courseKey, id));
    }

    @ExceptionHandler(DuplicateKeyException.class)
    public ResponseEntity<String> alreadyDone(DuplicateKeyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body("This request was already made");
    }
}
