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
 * <p>Three kinds of evidence for a pair of classmates, over the classes both were marked in:
 * <ul>
 *   <li><b>Close</b>: their marks made within a window ({@link Settings#together}: 10, 15 and 30 s)
 *   of each other (an online mark when it arrived;
 *   an offline one when the phone says it scanned — which its code's short window pins down, so a photo of a friend's
 *   code sent "offline" after class is dated when the friend was scanning). Classmates mark in the same minute all the
 *   time, so what counts is how far above chance: in each class, the chance that a classmate picked at random marks that
 *   close to a student is the share of the class that did; the pair's expected count is the sum over the classes they
 *   shared, and the surprise is −log10 of the binomial tail P(X ≥ observed). Marks that also came from one network
 *   address are counted and shown, not required (two phones on one campus Wi-Fi may leave through different
 *   addresses).</li>
 *   <li><b>One-sided order</b>: of those close times, how often the same one was first, against a coin toss (less
 *   log10 2 for looking both ways). Whoever marks a second student marks their own first — a friend with the absent
 *   student's phone, a friend relaying the code — while friends who walk in together are first in turn.</li>
 *   <li><b>Flagged together</b>: both marks of one class carried enough evidence to be flagged (friends at home sent
 *   the same code by the same friend in the room): given how many of the shared classes each was flagged in, how unlikely
 *   it is that so many were the same ones (hypergeometric).</li>
 * </ul>
 * Their surprises add (the chances multiply), but closeness alone is what close friends show, so it counts only beside
 * an order or flags together of at least {@link #CORROBORATES} (1 in 100). Each window is a look of its own; a pair is
 * weighed by its strongest, less log10 of the number of windows. A pair whose closeness a stronger pair explains (the
 * honest friend who walks in with a relaying friend) is dropped: {@link #explainedAway}. A pair is listed when the sum reaches
 * {@link Settings#minSurprise} in at least {@link Settings#minShared} shared classes; listed pairs that share a student
 * join into one group (at most {@link #MAX_GROUP} students; a larger web stays as its pairs). The score is the group's
 * strongest pair's surprise, rounded.
 */
final class RingRules {

    static final int MAX_GROUP = 5;

    /**
     * {@code together}: the windows within which two marks count as close — each a look at the class, a pair weighed by
     * its strongest look less log10 of their number (looking more than once costs): 10 s for a code relayed within seconds;
     * 15 s for a friend who marks, then takes the absent student's phone out, unlocks it, opens the app and aims (4–15 s
     * after their own: a 10 s window missed a third of those in the relay simulation, and one wide window alone lets in
     * more classmates by chance, hiding the relays); 30 s for a slower hand. {@code minShared}: classes both were marked in before a pair is
     * weighed; {@code minSurprise}: −log10 of the chance a pair this together would arise by chance (8: one in a hundred
     * million; a college of a million students has a few billion pairs in a term, most never in one class).
     */
    record Settings(List<Duration> together, int minShared, double minSurprise) {
        static final Settings DEFAULT = new Settings(List.of(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30)), 8, 8.0);

        Settings {
            together = List.copyOf(together);
            if (together.isEmpty()) {
                throw new IllegalArgumentException("at least one window");
            }
        }
    }

    /** One accepted mark: who, in which session, when it was made (see Close, above), from where, whether it was flagged. */
    record Mark(String sessionId, String student, Instant at, String address, boolean flagged) {
    }

    /** What was found of one pair; {@code first}: the one of them first in most of their close times (null: neither). */
    record PairEvidence(String a, String b, int shared, int together, double expectedTogether, int sameAddress,
                        int flaggedTogether, double expectedFlagged, double surprise, String first) {
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
        Map<String, Set<String>> flaggedIn = new HashMap<>();
        Map<Pair, Integer> flaggedTogether = new HashMap<>();
        List<List<Mark>> sessions = new ArrayList<>();
        for (var e : bySession.entrySet()) {
            List<Mark> session = e.getValue().stream().sorted(Comparator.comparing(Mark::at)).toList();
            sessions.add(session);
            for (Mark m : session) {
                sessionsOf.computeIfAbsent(m.student(), k -> new HashSet<>()).add(e.getKey());
                if (m.flagged()) {
                    flaggedIn.computeIfAbsent(m.student(), k -> new HashSet<>()).add(e.getKey());
                }
            }
            List<Mark> flagged = session.stream().filter(Mark::flagged).toList();
            for (int i = 0; i < flagged.size(); i++) {
                for (int j = i + 1; j < flagged.size(); j++) {
                    flaggedTogether.merge(Pair.of(flagged.get(i).student(), flagged.get(j).student()), 1, Integer::sum);
                }
            }
        }
        List<Look> looks = settings.together().stream().map(window -> look(sessions, window)).toList();
        double looked = Math.log10(looks.size());
        Set<Pair> candidates = new HashSet<>(flaggedTogether.keySet());
        looks.forEach(l -> candidates.addAll(l.pairs().keySet()));
        List<PairEvidence> listed = new ArrayList<>();
        Map<Pair, Look> lookOf = new HashMap<>();
        for (Pair p : candidates) {
            Set<String> shared = new HashSet<>(sessionsOf.getOrDefault(p.a(), Set.of()));
            shared.retainAll(sessionsOf.getOrDefault(p.b(), Set.of()));
            int n = shared.size();
            if (n < settings.minShared()) {
                continue;
            }
            // flagged together rather than apart: of the shared classes, given how many each was flagged in, the chance
            // that that many were the same ones (hypergeometric). Two students flagged in every class anyway say nothing
            // more by being flagged together; two flagged in the same few and never apart do
            int flaggedA = (int) shared.stream().filter(flaggedIn.getOrDefault(p.a(), Set.of())::contains).count();
            int flaggedB = (int) shared.stream().filter(flaggedIn.getOrDefault(p.b(), Set.of())::contains).count();
            int both = flaggedTogether.getOrDefault(p, 0);
            double flaggedSurprise = both == 0 ? 0 : overlapSurprise(n, flaggedA, flaggedB, both);
            PairEvidence best = null;
            Look bestLook = null;
            for (Look look : looks) {
                Tally t = look.pairs().getOrDefault(p, new Tally());
                // every mark has its chance in its session, so both have one in each shared session
                Map<String, Double> chanceA = look.chance().get(p.a());
                double expected = shared.stream().mapToDouble(chanceA::get).sum();
                // how far above chance they marked within the window of each other; and, of those times, how one-sided
                // the order was against a coin toss (whoever marks a second student marks their own first), less log10 2
                // for looking both ways. Together, the two are −log10 of the chance of both.
                double closeness = surprise(n, t.together, expected / n);
                double order = t.together == 0 ? 0 : Math.max(0, surprise(t.together, Math.max(t.aFirst, t.bFirst), 0.5) - Math.log10(2));
                // independent pieces of evidence: their surprises add (the chances multiply). Closeness alone is what
                // friends who walk in together show: it counts only beside a one-sided order or flags together (each 1
                // in 100). Several windows looked at: the strongest, less log10 of how many
                boolean corroborated = order >= CORROBORATES || flaggedSurprise >= CORROBORATES;
                double s = order + flaggedSurprise + (corroborated ? closeness : 0) - looked;
                if (best == null || s > best.surprise()) {
                    best = new PairEvidence(p.a(), p.b(), n, t.together, expected, t.sameAddress, both, (double) flaggedA * flaggedB / n, s,
                            t.aFirst > t.bFirst ? p.a() : t.bFirst > t.aFirst ? p.b() : null);
                    bestLook = look;
                }
            }
            if (best.surprise() >= settings.minSurprise()) {
                listed.add(best);
                lookOf.put(p, bestLook);
            }
        }
        return groups(explainedAway(listed, lookOf, sessionsOf));
    }

    /**
     * Drops the pairs whose closeness a stronger pair explains. A friend who relays the code to an absent student (or
     * marks the absent student's phone) walks in with an honest friend of theirs in every class: the absent student's
     * marks then follow the honest friend's too, nearly as closely and mostly in the same order, and over a term that
     * pair would be listed beside the real one. Strongest first: a pair (x, y) goes when x has a stronger pair kept with
     * some z in which x mostly came second (x's marks follow z's), and y marked close to z in as large a share of their
     * shared classes as y did to x — what y has with x is then what y has with z, passed on through x following z. A
     * friend who marks two absent students' phones leads both pairs, so neither explains the other; a ring of three
     * relayed by one friend keeps both relayed students through their pairs with the friend.
     */
    private static List<PairEvidence> explainedAway(List<PairEvidence> listed, Map<Pair, Look> lookOf, Map<String, Set<String>> sessionsOf) {
        List<PairEvidence> strongestFirst = listed.stream().sorted(Comparator.comparingDouble(PairEvidence::surprise).reversed()).toList();
        Map<String, List<PairEvidence>> keptOf = new HashMap<>();
        List<PairEvidence> kept = new ArrayList<>();
        for (PairEvidence xy : strongestFirst) {
            Look look = lookOf.get(Pair.of(xy.a(), xy.b()));
            double rate = (double) xy.together() / xy.shared();
            boolean explained = false;
            for (String x : List.of(xy.a(), xy.b())) {
                String y = x.equals(xy.a()) ? xy.b() : xy.a();
                for (PairEvidence xz : keptOf.getOrDefault(x, List.of())) {
                    String z = x.equals(xz.a()) ? xz.b() : xz.a();
                    Set<String> sharedYz = new HashSet<>(sessionsOf.getOrDefault(y, Set.of()));
                    sharedYz.retainAll(sessionsOf.getOrDefault(z, Set.of()));
                    Tally yz = look.pairs().get(Pair.of(y, z));
                    if (xz.surprise() > xy.surprise() && z.equals(xz.first()) && yz != null && !sharedYz.isEmpty()
                            && (double) yz.together / sharedYz.size() >= rate) {
                        explained = true;
                    }
                }
            }
            if (!explained) {
                kept.add(xy);
                keptOf.computeIfAbsent(xy.a(), k -> new ArrayList<>()).add(xy);
                keptOf.computeIfAbsent(xy.b(), k -> new ArrayList<>()).add(xy);
            }
        }
        return kept;
    }

    /** One window's look at the class: each pair's close marks, and each student's chance per session of a close classmate. */
    private record Look(Map<Pair, Tally> pairs, Map<String, Map<String, Double>> chance) {
    }

    private static Look look(List<List<Mark>> sessions, Duration window) {
        Map<Pair, Tally> pairs = new HashMap<>();
        // the chance, per student and session, that a random classmate marked within the window of them (either side)
        Map<String, Map<String, Double>> chance = new HashMap<>();
        for (List<Mark> session : sessions) {
            int n = session.size();
            for (int i = 0; i < n; i++) {
                Mark a = session.get(i);
                int near = 0;
                for (int j = 0; j < n; j++) {
                    if (i != j && Duration.between(a.at(), session.get(j).at()).abs().compareTo(window) <= 0) {
                        near++;
                        if (j > i) { // b marked after a (the session is in time order)
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
                chance.computeIfAbsent(a.student(), k -> new HashMap<>()).put(a.sessionId(), n > 1 ? (double) near / (n - 1) : 0);
            }
        }
        return new Look(pairs, chance);
    }

    /** The surprise (1 in 100) of order or flags that makes closeness count: see {@link #find}. */
    static final double CORROBORATES = 2;

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

    /**
     * −log10 P(X ≥ k) for the overlap X of two random subsets of sizes {@code a} and {@code b} of {@code n} classes
     * (hypergeometric): how surprising it is that k of the classes each was flagged in were the same ones.
     */
    static double overlapSurprise(int n, int a, int b, int k) {
        if (k <= 0 || k <= (double) a * b / n) {
            return 0;
        }
        double logTail = Double.NEGATIVE_INFINITY;
        for (int x = k; x <= Math.min(a, b); x++) {
            logTail = logAdd(logTail, logChoose(a, x) + logChoose(n - a, b - x) - logChoose(n, b));
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
    }
}
