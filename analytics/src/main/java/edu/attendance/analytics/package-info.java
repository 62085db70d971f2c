/**
 * The analytics over the history (rates, class summaries, at-risk, trends, sessions, student summaries) and
 * who may read them — no HTTP here: the dashboard serves them and batch-reports turns them into files, both
 * importing {@link edu.attendance.analytics.AnalyticsModule}.
 */
package edu.attendance.analytics;
