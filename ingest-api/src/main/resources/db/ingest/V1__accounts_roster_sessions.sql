-- ingest-api's tables: accounts, the roster, devices, sessions, refresh tokens, the audit log.
-- Every statement is idempotent: a data directory made before the modules owned their schemas (one shared
-- history, flyway_schema_history) already holds these tables, and this history adopts them as they are.

CREATE TABLE IF NOT EXISTS departments (
    department_id   varchar(64) PRIMARY KEY,
    name            text NOT NULL
);

CREATE TABLE IF NOT EXISTS classes (
    class_id        varchar(64) PRIMARY KEY,
    department_id   varchar(64) NOT NULL REFERENCES departments,
    batch           text NOT NULL,
    semester        integer NOT NULL CHECK (semester BETWEEN 1 AND 20),
    section         text NOT NULL,
    UNIQUE (department_id, batch, semester, section)
);

CREATE TABLE IF NOT EXISTS courses (
    course_id       varchar(64) PRIMARY KEY,
    name            text NOT NULL
);

-- Everyone who may log in; teachers and students are imported (verified), admins and management too.
CREATE TABLE IF NOT EXISTS users (
    email           varchar(254) PRIMARY KEY CHECK (email = lower(email)),
    name            text NOT NULL,
    role            varchar(16) NOT NULL CHECK (role IN ('STUDENT', 'TEACHER', 'ADMIN', 'MANAGEMENT')),
    verified        boolean NOT NULL DEFAULT false,
    blocked         boolean NOT NULL DEFAULT false,
    blocked_reason  text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS teachers (
    email           varchar(254) PRIMARY KEY REFERENCES users,
    name            text NOT NULL,
    designation     text NOT NULL,
    department_id   varchar(64) NOT NULL REFERENCES departments
);

CREATE TABLE IF NOT EXISTS students (
    email           varchar(254) PRIMARY KEY REFERENCES users,
    name            text NOT NULL,
    roll_no         varchar(64) NOT NULL,
    class_id        varchar(64) NOT NULL REFERENCES classes,
    UNIQUE (roll_no, class_id)
);
CREATE INDEX IF NOT EXISTS students_class ON students (class_id);

CREATE TABLE IF NOT EXISTS subjects (
    subject_id      varchar(64) PRIMARY KEY,
    course_id       varchar(64) NOT NULL REFERENCES courses,
    class_id        varchar(64) NOT NULL REFERENCES classes,
    teacher_email   varchar(254) NOT NULL REFERENCES teachers,
    UNIQUE (course_id, class_id)
);
CREATE INDEX IF NOT EXISTS subjects_teacher ON subjects (teacher_email);

CREATE TABLE IF NOT EXISTS periods (
    period_id       varchar(64) PRIMARY KEY,
    subject_id      varchar(64) NOT NULL REFERENCES subjects,
    day_of_week     varchar(3) NOT NULL CHECK (day_of_week IN ('MON','TUE','WED','THU','FRI','SAT','SUN')),
    period_no       integer NOT NULL CHECK (period_no BETWEEN 1 AND 24),
    start_time      time NOT NULL,
    end_time        time NOT NULL CHECK (end_time > start_time),
    UNIQUE (subject_id, day_of_week, period_no)
);

-- A student's devices; exactly one ACTIVE per student, enforced here (also under concurrent requests).
CREATE TABLE IF NOT EXISTS devices (
    device_id        uuid PRIMARY KEY,
    user_email       varchar(254) NOT NULL REFERENCES users,
    device_uuid      varchar(128) NOT NULL,
    fingerprint_hash varchar(256) NOT NULL,
    platform         varchar(8) NOT NULL CHECK (platform IN ('WEB', 'ANDROID', 'IOS')),
    integrity        varchar(8) CHECK (integrity IN ('STRONG', 'BASIC', 'FAIL')),
    status           varchar(10) NOT NULL CHECK (status IN ('ACTIVE', 'PENDING', 'BLOCKED', 'INACTIVE', 'REJECTED')),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz,
    decided_by       varchar(254)
);
CREATE UNIQUE INDEX IF NOT EXISTS devices_one_active ON devices (user_email) WHERE status = 'ACTIVE';
CREATE INDEX IF NOT EXISTS devices_user ON devices (user_email);
CREATE INDEX IF NOT EXISTS devices_pending ON devices (status) WHERE status = 'PENDING';

CREATE TABLE IF NOT EXISTS sessions (
    session_id       uuid PRIMARY KEY,
    period_id        varchar(64) REFERENCES periods,
    subject_id       varchar(64) NOT NULL REFERENCES subjects,
    session_date     date NOT NULL,
    mode             varchar(10) NOT NULL CHECK (mode IN ('QR', 'OTP', 'QR_AND_OTP')),
    opened_by        varchar(254) NOT NULL,
    started_at       timestamptz NOT NULL,
    late_at          timestamptz NOT NULL,
    closes_at        timestamptz NOT NULL,
    closed_at        timestamptz,
    closed_by        varchar(16),
    rotation_seconds integer NOT NULL,
    secret_enc       bytea NOT NULL,
    location_lat     double precision,
    location_lon     double precision,
    location_acc_m   double precision,
    roster           text[] NOT NULL,
    roster_size      integer NOT NULL
);
-- one session per (period, date)
CREATE UNIQUE INDEX IF NOT EXISTS sessions_period_date ON sessions (period_id, session_date) WHERE period_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS sessions_open ON sessions (closes_at) WHERE closed_at IS NULL;

CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash      bytea PRIMARY KEY,
    family_id       uuid NOT NULL,
    email           varchar(254) NOT NULL REFERENCES users,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    revoked         boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE IF NOT EXISTS audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor           varchar(254) NOT NULL,
    action          varchar(64) NOT NULL,
    target          text NOT NULL,
    before          jsonb,
    after           jsonb
);
CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log (target);
