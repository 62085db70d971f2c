package edu.attendance.contracts;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Reading the one shape of time every event and phone writes — {@code 2026-12-08T09:00:00.123Z}, UTC, 0–9 digits of
 * fraction, as {@link Instant#toString()} and a browser's {@code toISOString()} make it — without
 * {@link DateTimeFormatter}: its general parse (a field map, a resolver, a {@code TemporalAccessor} per value) was about
 * a twentieth of the platform's CPU under load, spread over the scan's body, the stream's input and the sinks, for a
 * 24-character string. Anything else (an offset, lower-case letters, a leap second, hour 24, a year outside
 * 0000–9999, surrounding spaces, a number) is left to Jackson's own reading, so what is accepted and what it means does
 * not change. (Writing needs no such path: {@link Instant#toString()}, which Jackson writes with, is already fast.)
 */
public final class IsoInstants {

    private IsoInstants() {
    }

    /** Jackson's Instant reading with this fast path in front; registered by every mapper of the platform. */
    public static JacksonModule module() {
        return new SimpleModule("iso-instants").addDeserializer(Instant.class, new Reader(InstantDeserializer.INSTANT));
    }

    /**
     * The instant a canonical UTC timestamp names, or null when {@code s} is not one (the caller then parses it the
     * general way, which also decides whether it is an error).
     */
    public static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // between '.' and 'Z'
            if (s.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            int value = digits(s, 20, fraction);
            if (value < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                value *= 10;
            }
            nanos = value;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Jackson's {@link InstantDeserializer}, with the canonical form read by {@link #parse} first. */
    static final class Reader extends InstantDeserializer<Instant> {

        Reader(InstantDeserializer<Instant> base) {
            super(base, DateTimeFormatter.ISO_INSTANT);
        }

        @Override
        protected Instant _fromString(JsonParser p, DeserializationContext ctxt, String string) {
            if (_formatter == DateTimeFormatter.ISO_INSTANT) {
                Instant fast = parse(string);
                if (fast != null) {
                    return fast;
                }
            }
            return super._fromString(p, ctxt, string);
        }
    }
}
