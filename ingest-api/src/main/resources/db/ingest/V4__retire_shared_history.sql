-- The one history all modules shared until each module kept its own (ingest_schema_history, dashboard_schema_history,
-- reports_schema_history): nothing reads it any more.
DROP TABLE IF EXISTS flyway_schema_history;
