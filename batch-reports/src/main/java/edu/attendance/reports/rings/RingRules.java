package edu.attendance.reports.rings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rings (docs/rules.md, "Rings"): students whose marks keep coming together, found in the history one class at a time.
 * Each mark alone passed; a ring is what many of them say together, weighed against chance, never a penalty — it puts
 * names in front of the department and a spot check in front of the teacher.
 *
 * <p>Two kinds of evidence for a pair of classmates, over the classes both were marked in:
 * <ul>
 *   <li><b>Together</b>: their marks were made within {@link Settings#together} of each other (an online mark when it
 *   arrived; an offline one when the phone says it scanned — which its code's short window pins down, so a photo of a
 *   friend's code sent "offline" after class is dated when the friend was scanning). Classmates mark in the same minute all the time, so what counts is
 *   how far above chance: in each class, the chance that a classmate picked at random marks that close to the first
 *   student is the share of the class that did; the pair's expected count is the sum over the classes they shared, and
 *   the surprise is −log10 of the binomial tail P(X ≥ observed). A friend who marks the absent student with the
 *   student's phone, class after class, is that pair. Marks that also came from one network address are counted and
 *   shown, not required (two phones on one campus Wi-Fi may leave through different addresses). The same test is made
 *   for one of them always first (against the share of the class that marked within the window after them): one person
 *   with two phones marks their own first, and order halves what chance gives.</li>
 *   <li><b>Flagged together</b>: both marks of one class carried enough evidence to be flagged (friends at home sent
 *   the same code by the same friend in the room). Measured against each student's own flag rate (at least
 *   {@link #HONEST_FLAG_RATE}): flagged together more often than two independent students would be.</li>
 * </ul>
 * The two are independent, so their surprises add (the chances multiply): relay evidence on marks that also keep
 * arriving together lists a pair sooner than either alone. A pair is listed when the sum reaches
 * {@link Settings#minSurprise} in at least {@link Settings#minShared} shared classes; listed pairs that share a student
 * join into one group (at most {@link #MAX_GROUP} students; a larger web stays as its pairs). The score is the group's
 * strongest pair's surprise, rounded.
 */
final class RingRules {

    static final int MAX_GROUP = 5;

    /**
     * {@code together}: how close two marks count as together; {@code minShared}: classes both were marked in before a
     * pair is weighed; {@code minSurprise}: −log10 of the chance a pair this together would arise by chance (8: one in
     * a hundred million; a college of a million students has a few billion pairs in a term, most never in one class).
     */
    record Settings(Duration together, int minShared, double minSurprise) {
        static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), 8, 8.0);
    }

    /** One accepted mark: who, in which session, when it was made (see Together), from where, whether it was flagged. */
    record Mark(String sessionId, String student, Instant at, String address, boolean flagged) {
    }

    /** What was found of one pair. */
    record PairEvidence(String a, String b, int shared, int together, double expectedTogether, int sameAddress,
                        int flaggedTogether, double expectedFlagged, double surprise) {
    }

    /** A listed group: its students (sorted), its score and the pairs' evidence. */
    record Ring(List<String> members, int score, int shared, int together, int sameAddress, int flaggedTogether,
                List<PairEvidence> pairs) {
    }

    private RingRules() {
    }

    /** The rings of one class from its marks (any order). */
    static List<Ring> find(List<Mark> marks, Settings settings) {
        Map<String, List<Mark>> bySession = new LinkedHashMap<>();
        for (Mark m : marks) {
            bySession.computeIfAbsent(m.sessionId(), k -> new ArrayList<>()).add(m);
        }
        Map<String, Set<String>> sessionsOf = new HashMap<>();
        Map<String, Integer> flaggedCount = new HashMap<>();
        Map<Pair, Tally> pairs = new HashMap<>();
        // the chance, per student and session, that a random classmate marked within the window of them (either side),
        // and within the window after them
        Map<String, Map<String, Double>> chance = new HashMap<>();
        Map<String, Map<String, Double>> chanceAfter = new HashMap<>();
        for (var e : bySession.entrySet()) {
            List<Mark> session = e.getValue().stream().sorted(Comparator.comparing(Mark::at)).toList();
            int n = session.size();
            for (Mark m : session) {
                sessionsOf.computeIfAbsent(m.student(), k -> new HashSet<>()).add(e.getKey());
                if (m.flagged()) {
                    flaggedCount.merge(m.student(), 1, Integer::sum);
                }
            }
            for (int i = 0; i < n; i++) {
                Mark a = session.get(i);
                int near = 0;
                int after = 0;
                for (int j = 0; j < n; j++) {
                    if (i != j && Duration.between(a.at(), session.get(j).at()).abs().compareTo(settings.together()) <= 0) {
                        near++;
                        if (j > i) {
                            after++;
                            Mark b = session.get(j);
                            Pair pair = Pair.of(a.student(), b.student());
                            Tally t = pairs.computeIfAbsent(pair, k -> new Tally());
                            t.together++;
                            if (pair.a().equals(a.student())) {
                                t.aFirst++;
                            } else {
                                t.bFirst++;
                            }
                            if (!a.address().isEmpty() && a.address().equals(b.address())) {
                                t.sameAddress++;
                            }
                        }
                    }
                }
                chance.computeIfAbsent(a.student(), k -> new HashMap<>()).put(e.getKey(), n > 1 ? (double) near / (n - 1) : 0);
                chanceAfter.computeIfAbsent(a.student(), k -> new HashMap<>()).put(e.getKey(), n > 1 ? (double) after / (n - 1) : 0);
            }
            List<Mark> flagged = session.stream().filter(Mark::flagged).toList();
            for (int i = 0; i < flagged.size(); i++) {
                for (int j = i + 1; j < flagged.size(); j++) {
                    pairs.computeIfAbsent(Pair.of(flagged.get(i).student(), flagged.get(j).student()), k -> new Tally()).flaggedTogether++;
                }
            }
        }
        List<PairEvidence> listed = new ArrayList<>();
        for (var e : pairs.entrySet()) {
            Pair p = e.getKey();
            Tally t = e.getValue();
            Set<String> shared = new HashSet<>(sessionsOf.getOrDefault(p.a(), Set.of()));
            shared.retainAll(sessionsOf.getOrDefault(p.b(), Set.of()));
            int n = shared.size();
            if (n < settings.minShared()) {
                continue;
            }
            Map<String, Double> chanceA = chance.getOrDefault(p.a(), Map.of());
            double expected = 0;
            double expectedAFirst = 0;
            double expectedBFirst = 0;
            int timedShared = 0;
            for (String s : shared) {
                Double c = chanceA.get(s);
                if (c != null && chance.getOrDefault(p.b(), Map.of()).containsKey(s)) {
                    expected += c;
                    expectedAFirst += chanceAfter.get(p.a()).get(s);
                    expectedBFirst += chanceAfter.get(p.b()).get(s);
                    timedShared++;
                }
            }
            // together in either order; or always one first — one person with two phones marks their own first (the
            // better of the two ordered tests, less log10(2) for having looked both ways)
            double togetherSurprise = timedShared == 0 ? 0 : Math.max(surprise(timedShared, t.together, expected / timedShared),
                    Math.max(surprise(timedShared, t.aFirst, expectedAFirst / timedShared),
                            surprise(timedShared, t.bFirst, expectedBFirst / timedShared)) - Math.log10(2));
            double rateA = (double) flaggedCount.getOrDefault(p.a(), 0) / sessionsOf.get(p.a()).size();
            double rateB = (double) flaggedCount.getOrDefault(p.b(), 0) / sessionsOf.get(p.b()).size();
            // how often both would be flagged in one class if each were flagged on their own, at their own rate (at least
            // the honest rate): two students flagged in every class anyway say nothing more by being flagged together
            double pBoth = Math.min(1, Math.max(rateA, HONEST_FLAG_RATE) * Math.max(rateB, HONEST_FLAG_RATE));
            double flaggedSurprise = t.flaggedTogether == 0 ? 0 : surprise(n, t.flaggedTogether, pBoth);
            // two independent pieces of evidence: their surprises add (the chances multiply)
            double s = togetherSurprise + flaggedSurprise;
            if (s >= settings.minSurprise()) {
                listed.add(new PairEvidence(p.a(), p.b(), n, t.together, expected, t.sameAddress, t.flaggedTogether, n * pBoth, s));
            }
        }
        return groups(listed);
    }

    /**
     * The chance that one honest student's mark is flagged (the bench measures about 1 %); two honest students flagged
     * in the same class is this squared by chance at most, and no pair is judged against less.
     */
    static final double HONEST_FLAG_RATE = 0.02;

    /** Joins listed pairs that share a student into groups of at most {@link #MAX_GROUP}; larger webs stay as pairs. */
    private static List<Ring> groups(List<PairEvidence> listed) {
        Map<String, String> parent = new HashMap<>();
        for (PairEvidence p : listed) {
            union(parent, p.a(), p.b());
        }
        Map<String, List<PairEvidence>> byRoot = new LinkedHashMap<>();
        for (PairEvidence p : listed) {
            byRoot.computeIfAbsent(find(parent, p.a()), k -> new ArrayList<>()).add(p);
        }
        List<Ring> rings = new ArrayList<>();
        for (List<PairEvidence> component : byRoot.values()) {
            Set<String> members = new TreeSet<>();
            component.forEach(p -> {
                members.add(p.a());
                members.add(p.b());
            });
            if (members.size() <= MAX_GROUP) {
                rings.add(ring(List.copyOf(members), component));
            } else {
                component.forEach(p -> rings.add(ring(List.of(p.a(), p.b()), List.of(p))));
            }
        }
        rings.sort(Comparator.comparingInt(Ring::score).reversed().thenComparing(r -> r.members().getFirst()));
        return rings;
    }

    private static Ring ring(List<String> members, List<PairEvidence> pairs) {
        List<PairEvidence> sorted = pairs.stream().sorted(Comparator.comparingDouble(PairEvidence::surprise).reversed()).toList();
        PairEvidence top = sorted.getFirst();
        return new Ring(members, (int) Math.min(1_000, Math.round(top.surprise())), top.shared(), top.together(), top.sameAddress(),
                top.flaggedTogether(), sorted);
    }

    /**
     * −log10 P(X ≥ k) for X ~ Binomial(n, p): how surprising k successes in n are at chance p (0 when k is no more
     * than expected). Summed in log space, so 40 classes at p = 0.3 do not underflow.
     */
    static double surprise(int n, int k, double p) {
        if (k <= 0 || k <= n * p) {
            return 0;
        }
        if (p <= 0) {
            return 1_000;
        }
        if (p >= 1) {
            return 0;
        }
        double logTail = Double.NEGATIVE_INFINITY;
        for (int i = k; i <= n; i++) {
            double term = logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p);
            logTail = logAdd(logTail, term);
        }
        return Math.max(0, -logTail / Math.log(10));
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        double max = Math.max(a, b);
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }

    private static String find(Map<String, String> parent, String x) {
        String p = parent.getOrDefault(x, x);
        if (p.equals(x)) {
            return x;
        }
        String root = find(parent, p);
        parent.put(x, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
        }
    }

    private record Pair(String a, String b) {
        static Pair of(String x, String y) {
            return x.compareTo(y) < 0 ? new Pair(x, y) : new Pair(y, x);
        }
    }

    private static final class Tally {
        int together;
        int aFirst;
        int bFirst;
        int sameAddress;
        int flaggedTogether;
    }
}
