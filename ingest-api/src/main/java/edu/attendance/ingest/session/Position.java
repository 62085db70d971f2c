package edu.attendance.ingest.session;

/**
 * A place as a browser or phone reports it: latitude, longitude and the accuracy radius in meters. The teacher
 * shares one when a session opens; a student may send one with each capture (docs/rules.md rule 7).
 */
public record Position(double lat, double lon, double accuracyM) {
}
