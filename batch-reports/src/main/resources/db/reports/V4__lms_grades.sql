-- The attendance grade in each LMS course (docs/lms.md, "Grades"): the course's Attendance line item, the score last
-- posted for each LMS user (so a score is posted only when it changed), and how far each course's closes are settled.
-- Keyed by the LMS's user id, not the e-mail; rows of an erased person go with ingest's user link at the next pass.
CREATE TABLE IF NOT EXISTS lms_line_items (
    platform_id     uuid NOT NULL,
    context_id      varchar(255) NOT NULL,
    lineitem_url    varchar(1000) NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (platform_id, context_id)
);

CREATE TABLE IF NOT EXISTS lms_scores (
    platform_id     uuid NOT NULL,
    lineitem_url    varchar(1000) NOT NULL,
    lti_user_id     varchar(255) NOT NULL,
    score           numeric(5, 2) NOT NULL,
    posted_at       timestamptz NOT NULL,
    PRIMARY KEY (platform_id, lineitem_url, lti_user_id)
);

CREATE TABLE IF NOT EXISTS lms_grade_passes (
    platform_id     uuid NOT NULL,
    context_id      varchar(255) NOT NULL,
    settled_until   timestamptz,
    failing_since   timestamptz,
    last_error      text,
    PRIMARY KEY (platform_id, context_id)
);
