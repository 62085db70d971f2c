package edu.attendance.ingest.claims;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Period;

/**
 * The college's rules for absence claims ({@code attendance.claims.*}; docs/rules.md, "Absence claims"): how many days
 * after a session a claim may still be filed, how many days one claim may span, how many documents of what size it
 * may carry, and how long claims and their documents are kept once decided (documents are health data: shorter).
 */
@ConfigurationProperties("attendance.claims")
record ClaimSettings(@DefaultValue("P7D") Period deadline,
                     @DefaultValue("14") int maxDays,
                     @DefaultValue("3") int maxDocuments,
                     @DefaultValue("5MB") DataSize maxDocumentSize,
                     @DefaultValue("P5Y") Period keepClaims,
                     @DefaultValue("P1Y") Period keepDocuments) {

    ClaimSettings {
        if (deadline.isNegative() || maxDays < 1 || maxDocuments < 0 || maxDocumentSize.toBytes() < 1
                || keepDocuments.toTotalMonths() * 31 + keepDocuments.getDays() > keepClaims.toTotalMonths() * 31 + keepClaims.getDays()) {
            throw new IllegalArgumentException("attendance.claims: deadline ≥ 0, max-days ≥ 1, max-documents ≥ 0, "
                    + "max-document-size ≥ 1 byte, keep-documents ≤ keep-claims");
        }
    }
}
