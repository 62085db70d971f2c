package edu.attendance.bench;

import edu.attendance.launcher.EmbeddedStack;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.Set;
import java.util.Base64;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import edu.attendance.ingest.device.DeviceKeys;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./attendance bench integrity [--classes 12] [--honest 40] [--rounds 2] [--rotation S] [--seed 1]}: relayed
 * codes against honest students, through the public API on the whole embedded stack, in real time.
 *
 * <p>Each class has {@code honest} students in the room and twelve absent ones, two of each relay kind, whose
 * friend in the room sends them the code. Teachers share their location and the campus network is configured
 * ({@code 127.0.0.0/16}); every simulated phone connects from its own loopback address (campus Wi-Fi NAT, a
 * mobile carrier's, a home line), so the platform sees the networks it would see. Per round every class opens a
 * session; a projector per session follows {@code /qr/stream} and fetches each image before showing it, and the
 * phones read whatever was on that screen at the moment they look. After a round teachers accept the flagged
 * students who were in the room and reject the others (so the second round carries the history), then close.
 *
 * <p>How people are drawn (per student, from the seed): honest students open the app within the first 40 s,
 * aim for 0.5–4 s, 90 % scan and 10 % type the code (2–6 s to read and type); 85 % share a location (the fix
 * 8–80 m accurate, its error drawn to match the accuracy it reports, 3 % of fixes off by a further 50–200 m);
 * 70 % on the campus Wi-Fi, 30 % on mobile data; 10 % on a slow network (0.8–2.5 s to deliver a request, else
 * 20–150 ms). A phone that gets {@code QR_EXPIRED} keeps the camera on the screen and sends the next code (as the
 * web app does). Relays: a <b>photo</b> (1–2.5 s to take, 1.5–6 s through a chat app, 2–5 s to open it on another
 * screen and scan it; one second try with a fresh photo), a <b>live video call</b> (0.3–1.5 s of video delay,
 * 0.2–1.5 s to decode from a compressed picture, the app's own retry on expiry), a <b>texted OTP</b> (3–8 s to
 * text, 2–5 s to read and type; one second try). Each with a far location or none; 80 % relay from home (a
 * location 2–20 km away, an off-campus address), 20 % from the hostel on the campus network (400–1 500 m away).
 *
 * <p>Offline ({@code --honest-offline 8} per class): honest phones without network in the room scan the projector, keep
 * the capture with its time and position (drawn as for the others), and send it when the network comes back — 60 %
 * 5–30 s later in the class, 40 % only after the close. Offline relays get a photo of the code from a friend and post it
 * after the close (0–5 s after) as an offline capture dated inside the code's window: with a far location, with none,
 * or with a position forged in the room while the app was open at home (it polls the API around that time).
 *
 * <p>Phones: every phone holds an install key and signs each capture, as the web app does without a passkey; its
 * fingerprint is one of six popular models, so most honest students share their phone's model with classmates. Account
 * and phone sharing, two of each per class, in the room: a <b>shared login</b> (the friend signs in as the absent student
 * on the friend's own phone — half the time the same model as the absent student's) and a <b>carried phone</b> (the
 * friend brings the absent student's own phone and knows its unlock; it marks 3–10 s after the friend's own scan, from
 * the same network and the room). Teachers approve no new phone during the run.
 *
 * <p>Friends: every cheat's friend is a different honest student of the class who scans; the friend marks first, then
 * takes the photo (0.5–3 s later; an offline relay's photo too), starts the video call (2–8 s), texts the code (0–2 s),
 * signs in as the absent student (3–15 s) or takes out the other phone (3–10 s). 40 % of the honest students in the room
 * come in as pairs of friends: a pair opens the app at one moment, each within 8 s of it, so either may be first. After
 * the last round the rings pass runs over the history ({@code --rounds 8} or more for it to weigh anyone).
 */
final class IntegrityBenchmark {

    enum Kind {
        HONEST("honest, in the room"),
        HONEST_OFFLINE("honest, in the room, no network"),
        PHOTO_FAR("photo relay, far location"),
        PHOTO_NONE("photo relay, no location"),
        VIDEO_FAR("live video relay, far location"),
        VIDEO_NONE("live video relay, no location"),
        OTP_FAR("texted OTP, far location"),
        OTP_NONE("texted OTP, no location"),
        OFFLINE_FAR("offline relay, far location"),
        OFFLINE_NONE("offline relay, no location"),
        OFFLINE_ONLINE("offline relay, app open then"),
        SHARED_LOGIN("shared login, friend's own phone"),
        CARRIED_PHONE("friend carries the phone, unlocks it");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Someone marking a student who is not in the room: a relay of the code, or the account or phone lent. */
        boolean cheat() {
            return this != HONEST && this != HONEST_OFFLINE;
        }

        /** The absent student's account or phone used in the room by a friend (no code leaves the room). */
        boolean sharing() {
            return this == SHARED_LOGIN || this == CARRIED_PHONE;
        }

        /** A code relayed out of the room to the absent student's own phone. */
        boolean relay() {
            return cheat() && !sharing();
        }

        boolean honest() {
            return !cheat();
        }

        /** Sent through the offline path (a batch with the phone's capture time). */
        boolean offline() {
            return this == HONEST_OFFLINE || this == OFFLINE_FAR || this == OFFLINE_NONE || this == OFFLINE_ONLINE;
        }
    }

    enum Outcome { THROUGH, FLAGGED, REFUSED }

    /**
     * One simulated person: who, how they connect, where they are, how they act. {@code own}: the student's phone;
     * {@code used}: the phone the marks come from (a friend's, for a shared login; else their own).
     */
    record Person(String email, Phone own, Phone used, int classIndex, Kind kind, boolean typesCode, String address,
                  double[] offsetMeters, double accuracyM, boolean slow) {
    }

    /**
     * A phone as the platform sees it: the app's install, the browser's fingerprint (one of {@link #MODELS} popular
     * models: many honest students share one) and the install key the web app makes where there is no passkey (here
     * for every phone: the same proof without a fingerprint reader to simulate).
     */
    record Phone(String uuid, String fingerprint, KeyPair key) {

        static Phone draw(String uuid, SplittableRandom r) {
            return of(uuid, "fp-model-" + r.nextInt(MODELS));
        }

        static Phone of(String uuid, String fingerprint) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return new Phone(uuid, fingerprint, g.generateKeyPair());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The request's proof: the key's signature over the code for this student, as the web app makes it. */
        String proof(String email, String code) {
            return ",\"proof\":{\"kind\":\"INSTALL_KEY\",\"signature\":\"" + sign(DeviceKeys.captureChallenge(email, code)) + "\"}";
        }

        String sign(byte[] data) {
            try {
                Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
                sig.initSign(key.getPrivate());
                sig.update(data);
                return B64.encodeToString(sig.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String publicKey() {
            return B64.encodeToString(key.getPublic().getEncoded());
        }
    }

    /** How many phone models the students' phones are drawn from: same-model pairs are the rule, as in a real class. */
    private static final int MODELS = 6;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /**
     * What happened to one person in one round; {@code deferred}: an offline capture still on the phone, sent after the
     * class (its outcome is null until then).
     */
    record Result(Person person, Outcome outcome, boolean expiredOnce, boolean succeededAfterExpiry, long firstAgeMillis,
                  List<String> codes, String deferred) {

        Result(Person person, Outcome outcome, boolean expiredOnce, boolean succeededAfterExpiry, long firstAgeMillis,
               List<String> codes) {
            this(person, outcome, expiredOnce, succeededAfterExpiry, firstAgeMillis, codes, null);
        }

        Result settled(Outcome o) {
            return new Result(person, o, expiredOnce, succeededAfterExpiry, firstAgeMillis, codes, null);
        }
    }

    private static final double LAT = 12.9716;
    private static final double LON = 77.5946;
    private static final double TEACHER_ACCURACY = 20;
    private static final int RELAYS_PER_KIND = 2;

    private final BenchClient api;
    /** The platform's rotation in seconds, read from the first projected code. */
    private volatile int rotation;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    /** Each cheat's friend in the room: the absent student's e-mail → the friend's, who marks first. */
    private final Map<String, String> friendOf = new ConcurrentHashMap<>();
    /** Honest friends who come in together: each one's e-mail → the other's. */
    private final Map<String, String> pairOf = new ConcurrentHashMap<>();
    /** The share of honest students in the room who come in as a pair of friends. */
    private static final double HONEST_IN_PAIRS = 0.4;
    /** Honest students' marks that carried SHARED_DEVICE, over every round. */
    private final java.util.concurrent.atomic.AtomicLong honestSharedDevice = new java.util.concurrent.atomic.AtomicLong();

    private IntegrityBenchmark(String base) {
        this.api = new BenchClient(base);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchClient.options(args);
        int classes = Integer.parseInt(opts.getOrDefault("classes", "12"));
        int honest = Integer.parseInt(opts.getOrDefault("honest", "40"));
        int honestOffline = Integer.parseInt(opts.getOrDefault("honest-offline", "8"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
        Map<String, Object> props = new HashMap<>(Map.of("attendance.sink.max-delay", "200ms",
                "attendance.capture.campus-cidrs", "127.0.0.0/16", "attendance.http.max-streams-per-user", "10000"));
        if (opts.containsKey("rotation")) {
            props.put("attendance.sessions.qr-rotation-seconds", opts.get("rotation"));
        }
        Path dir = Files.createTempDirectory("attendance-integrity-bench");
        long relayKinds = Arrays.stream(Kind.values()).filter(Kind::cheat).count();
        System.out.printf("bench integrity: %d classes × (%d honest + %d honest without network + %d relaying), %d rounds, seed %d; data in %s%n",
                classes, honest, honestOffline, RELAYS_PER_KIND * relayKinds, rounds, seed, dir);
        try (EmbeddedStack platform = EmbeddedStack.start(new EmbeddedStack.Options(dir, 0, props))) {
            IntegrityBenchmark bench = new IntegrityBenchmark(platform.baseUrl());
            bench.run(bench.api.login("admin@college.test"), classes, honest, honestOffline, rounds, seed);
            System.out.printf("peak RSS of the whole stack  %d MiB%n", platform.memoryMib(true));
        }
    }

    private void run(String admin, int classes, int honestPerClass, int honestOffline, int rounds, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<Person> people = roster(admin, classes, honestPerClass, honestOffline, random);
        System.out.printf("%d students signing in and binding their phones …%n", people.size());
        Map<String, String> tokens = new ConcurrentHashMap<>();
        BenchClient.parallel(people.size(), 32, i -> {
            Person p = people.get(i);
            String token = api.login(p.email());
            bind(p, p.own(), token, "ACTIVE");
            if (p.used() != p.own()) {
                // the friend signs in as the absent student on the friend's own phone: a new key, a new device
                bind(p, p.used(), token, "PENDING");
            }
            tokens.put(p.email(), token);
            return null;
        });
        List<String> teachers = new ArrayList<>();
        List<Result> all = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            if (round > 1) {
                // a day later: everyone signs in again (an access token lives minutes, a run of rounds longer)
                BenchClient.parallel(people.size(), 32, i -> tokens.put(people.get(i).email(), api.login(people.get(i).email())));
            }
            teachers.clear();
            teachers.addAll(BenchClient.parallel(classes, 8, c -> api.login("integrity-t" + c + "@college.test")));
            Round r = round(round, people, tokens, teachers, random.split());
            all.addAll(r.results());
            lags.addAll(r.lags());
        }
        report(all, lags, rounds);
        rings(api.login("admin@college.test"), people, all); // signed in again: the run outlived the first sign-in
    }

    /**
     * The rings pass over the rounds' history, as the college runs it each night (it weighs a pair only after eight
     * classes both were marked in: {@code --rounds 8} or more). Per kind: how many cheats it lists with the friend who
     * marked them, and the attempts caught by the mark or by the ring (a listed pair's marks are the department's to
     * revisit, and the spot check asks them in the room); for honest students, who it lists (false listings) and how many
     * of the pairs of friends who come in together.
     */
    private void rings(String admin, List<Person> people, List<Result> all) throws Exception {
        JsonNode pass = api.postNothing("/api/v1/rings/run", admin).body();
        JsonNode rings = api.get("/api/v1/rings", admin);
        if (!pass.has("found") || !rings.isArray()) {
            throw new IllegalStateException("the rings pass did not run: " + pass + " / " + rings);
        }
        Map<String, Kind> kindOf = new HashMap<>();
        people.forEach(p -> kindOf.put(p.email(), p.kind()));
        Set<String> listedWithFriend = new HashSet<>();
        Set<String> listed = new HashSet<>();
        Set<String> honestPairsListed = new HashSet<>();
        long honestOnly = 0;
        for (JsonNode ring : rings) {
            List<String> members = ring.path("members").valueStream().map(m -> m.path("email").asString()).toList();
            listed.addAll(members);
            if (members.stream().allMatch(m -> kindOf.getOrDefault(m, Kind.HONEST).honest())) {
                honestOnly++;
            }
            members.stream().filter(m -> friendOf.containsKey(m) && members.contains(friendOf.get(m))).forEach(listedWithFriend::add);
            members.stream().filter(m -> pairOf.containsKey(m) && members.contains(pairOf.get(m))).forEach(honestPairsListed::add);
        }
        System.out.printf("%nrings pass: %s%n", pass);
        System.out.printf("%-34s %8s %12s %14s %18s%n", "attempt", "people", "with friend", "caught by mark", "by mark or ring");
        long cheats = 0;
        long caughtEither = 0;
        long attempts = 0;
        for (Kind k : Kind.values()) {
            if (!k.cheat()) {
                continue;
            }
            List<Result> of = all.stream().filter(r -> r.person().kind() == k).toList();
            long persons = people.stream().filter(p -> p.kind() == k).count();
            long withFriend = people.stream().filter(p -> p.kind() == k && listedWithFriend.contains(p.email())).count();
            long byMark = of.stream().filter(r -> r.outcome() != Outcome.THROUGH).count();
            long either = of.stream().filter(r -> r.outcome() != Outcome.THROUGH || listedWithFriend.contains(r.person().email())).count();
            System.out.printf("%-34s %8d %12d %13.1f %% %17.1f %%%n", k.label, persons, withFriend, 100.0 * byMark / Math.max(1, of.size()),
                    100.0 * either / Math.max(1, of.size()));
            cheats += withFriend;
            caughtEither += either;
            attempts += of.size();
        }
        System.out.printf("%-34s %8d %12d %16s %17.1f %%%n", "all relays and sharing", friendOf.size(), cheats, "",
                100.0 * caughtEither / Math.max(1, attempts));
        long honestPeople = people.stream().filter(p -> p.kind().honest()).count();
        long honestListed = people.stream().filter(p -> p.kind().honest() && listed.contains(p.email())
                && !friendOf.containsValue(p.email())).count();
        long friendsListed = people.stream().filter(p -> friendOf.containsValue(p.email()) && listed.contains(p.email())).count();
        System.out.printf("rings listed: %d, of honest students only %d; honest students listed who are no cheat's friend: %d of %d; "
                        + "honest pairs of friends listed: %d of %d; cheats' friends listed: %d of %d%n", rings.size(), honestOnly,
                honestListed, honestPeople, honestPairsListed.size() / 2, pairOf.size() / 2, friendsListed, new HashSet<>(friendOf.values()).size());
    }

    /** Registers the phone's install key as the web app does (a challenge signed), expecting {@code expected}. */
    private void bind(Person p, Phone phone, String token, String expected) throws Exception {
        String challenge = api.postNothing("/api/v1/devices/challenge", token).body().path("challenge").asString();
        String state = api.post("/api/v1/devices", token, "{\"deviceUuid\":\"" + phone.uuid() + "\",\"fingerprintHash\":\""
                + phone.fingerprint() + "\",\"platform\":\"ANDROID\",\"key\":{\"kind\":\"INSTALL_KEY\",\"challenge\":\"" + challenge
                + "\",\"publicKey\":\"" + phone.publicKey() + "\",\"signature\":\"" + phone.sign(Base64.getUrlDecoder().decode(challenge))
                + "\"}}", Map.of()).body().path("status").asString();
        if (!state.equals(expected)) {
            throw new IllegalStateException(p.email() + "'s phone " + phone.uuid() + " is " + state + ", not " + expected);
        }
    }

    record Round(List<Result> results, List<Long> lags) {
    }

    private Round round(int round, List<Person> people, Map<String, String> tokens, List<String> teachers, SplittableRandom random)
            throws Exception {
        int classes = teachers.size();
        List<String> sessions = BenchClient.parallel(classes, 8, c -> api.post("/api/v1/sessions", teachers.get(c),
                "{\"subjectId\":\"IS" + c + "\",\"durationMinutes\":30,\"location\":{\"lat\":" + LAT + ",\"lon\":" + LON
                        + ",\"accuracyM\":" + TEACHER_ACCURACY + "}}", Map.of()).body().path("sessionId").asString());
        rotation = api.get("/api/v1/sessions/" + sessions.get(0) + "/qr", teachers.get(0)).path("rotationSeconds").asInt();
        List<Projector> projectors = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            projectors.add(new Projector(api.base, teachers.get(c), sessions.get(c)));
        }
        for (Projector p : projectors) {
            long until = System.currentTimeMillis() + 30_000;
            while (!p.showing() && System.currentTimeMillis() < until) {
                Thread.sleep(20); // the simulation's own precondition: every projector shows a code
            }
        }
        System.out.printf("round %d: %d sessions open, every projector showing its code; the class begins …%n", round, classes);
        long t0 = System.currentTimeMillis();
        List<Future<Result>> futures = new ArrayList<>();
        Map<String, CompletableFuture<Void>> marked = new HashMap<>();
        people.forEach(p -> marked.put(p.email(), new CompletableFuture<>()));
        // when each honest student opens the app: alone, any time in the first 40 s; a pair of friends at one moment, each
        // within 8 s of it (so either may be first)
        Map<String, Long> opens = new HashMap<>();
        for (Person p : people) {
            String partner = pairOf.get(p.email());
            Long together = partner == null ? null : opens.get(partner);
            long base = together != null ? together : (long) uniform(random, 0, partner == null ? 40_000 : 32_000);
            opens.put(p.email(), base);
        }
        Map<String, Long> arrival = new HashMap<>();
        opens.forEach((email, base) -> arrival.put(email, base + (pairOf.containsKey(email) ? (long) uniform(random, 0, 8_000) : 0)));
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Person p : people) {
                SplittableRandom own = random.split();
                int c = p.classIndex();
                CompletableFuture<Void> friend = friendOf.containsKey(p.email()) ? marked.get(friendOf.get(p.email())) : null;
                futures.add(executor.submit(() -> {
                    try {
                        return act(p, tokens.get(p.email()), sessions.get(c), teachers.get(c), projectors.get(c),
                                t0 + arrival.get(p.email()), own, friend);
                    } finally {
                        marked.get(p.email()).complete(null);
                    }
                }));
            }
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            results.add(f.get());
        }
        System.out.printf("round %d: every phone has its answer after %.0f s; checking the teachers' live views …%n",
                round, (System.currentTimeMillis() - t0) / 1e3);
        // the live views agree with the answers the phones got, then teachers review and close
        for (int c = 0; c < classes; c++) {
            int k = c;
            long flagged = results.stream().filter(r -> r.person().classIndex() == k && r.outcome() == Outcome.FLAGGED).count();
            long through = results.stream().filter(r -> r.person().classIndex() == k && r.outcome() == Outcome.THROUGH).count();
            long until = System.currentTimeMillis() + 60_000;
            JsonNode counts;
            JsonNode live;
            do {
                live = api.get("/api/v1/sessions/" + sessions.get(c) + "/live", teachers.get(c));
                counts = live.path("counts");
                if (counts.path("flagged").asLong() == flagged && counts.path("present").asLong() + counts.path("late").asLong() == through) {
                    break;
                }
                Thread.sleep(100); // polling the teacher's view until the stream has decided every submission
            } while (System.currentTimeMillis() < until);
            if (counts.path("flagged").asLong() != flagged) {
                throw new IllegalStateException("class " + c + ": the live view shows " + counts + ", the phones were told "
                        + flagged + " flagged and " + through + " present or late");
            }
            // honest students whose mark carries SHARED_DEVICE (two phones of one model must not look like one phone)
            Set<String> honestHere = people.stream().filter(x -> x.classIndex() == k && x.kind().honest()).map(Person::email)
                    .collect(java.util.stream.Collectors.toSet());
            live.path("students").valueStream()
                    .filter(st -> honestHere.contains(st.path("email").asString()))
                    .filter(st -> st.path("flags").valueStream().anyMatch(f -> f.asString().equals("SHARED_DEVICE")))
                    .forEach(st -> honestSharedDevice.incrementAndGet());
        }
        review(results, sessions, teachers);
        BenchClient.parallel(classes, 8, c -> api.post("/api/v1/sessions/" + sessions.get(c) + "/close", teachers.get(c), "", Map.of()).status());
        // after the class: the phones still holding an offline capture send it (0–5 s after the close)
        List<Result> later = results.stream().filter(x -> x.deferred() != null).toList();
        List<SplittableRandom> own = later.stream().map(x -> random.split()).toList();
        List<Result> settled = BenchClient.parallel(later.size(), 32, i -> {
            Result x = later.get(i);
            sleep((long) uniform(own.get(i), 0, 5_000));
            return x.settled(sendOffline(x.person(), tokens.get(x.person().email()), x.deferred(), own.get(i), x.codes()));
        });
        results.removeIf(x -> x.deferred() != null);
        results.addAll(settled);
        review(settled, sessions, teachers); // what arrived after the class too
        List<Long> lags = new ArrayList<>();
        projectors.forEach(p -> {
            lags.addAll(p.lagMillis);
            p.close();
        });
        return new Round(results, lags);
    }

    /** The teachers accept the flagged students who were in the room and reject the others. */
    private void review(List<Result> results, List<String> sessions, List<String> teachers) throws Exception {
        BenchClient.parallel(results.size(), 16, i -> {
            Result r = results.get(i);
            if (r.outcome() == Outcome.FLAGGED) {
                int c = r.person().classIndex();
                String verdict = r.person().kind().cheat() ? "ABSENT\",\"reason\":\"rejected after review" : "PRESENT\",\"reason\":\"accepted after review";
                api.post("/api/v1/sessions/" + sessions.get(c) + "/marks", teachers.get(c),
                        "{\"studentEmail\":\"" + r.person().email() + "\",\"status\":\"" + verdict + "\"}", Map.of());
            }
            return null;
        });
    }

    /** One person's attempt(s) in one session, in real time. */
    private Result act(Person p, String token, String sessionId, String teacher, Projector screen, long opensAt, SplittableRandom r,
                       CompletableFuture<Void> friendMarked) {
        try {
            if (friendMarked != null) {
                // the friend marks themselves first, then relays: takes the photo, starts the call, texts the code, signs in
                // as the absent student on their own phone or takes out the other phone
                friendMarked.join();
                sleep((long) switch (p.kind()) {
                    case PHOTO_FAR, PHOTO_NONE, OFFLINE_FAR, OFFLINE_NONE, OFFLINE_ONLINE -> uniform(r, 500, 3_000);
                    case VIDEO_FAR, VIDEO_NONE -> uniform(r, 2_000, 8_000);
                    case OTP_FAR, OTP_NONE -> uniform(r, 0, 2_000);
                    case SHARED_LOGIN -> uniform(r, 3_000, 15_000);
                    default -> uniform(r, 3_000, 10_000);
                });
            } else {
                sleepUntil(opensAt);
            }
            List<String> codes = new ArrayList<>();
            return switch (p.kind()) {
                case HONEST -> p.typesCode() ? typeCode(p, token, sessionId, teacher, r, codes)
                        : scanLive(p, token, screen, r, codes, 0);
                case VIDEO_FAR, VIDEO_NONE -> scanLive(p, token, screen, r, codes, (long) uniform(r, 300, 1_500));
                case PHOTO_FAR, PHOTO_NONE -> photo(p, token, screen, r, codes);
                case OTP_FAR, OTP_NONE -> typeCode(p, token, sessionId, teacher, r, codes);
                case HONEST_OFFLINE -> scanWithoutNetwork(p, token, screen, r, codes);
                case OFFLINE_FAR, OFFLINE_NONE, OFFLINE_ONLINE -> relayForLater(p, token, screen, r, codes);
                case SHARED_LOGIN, CARRIED_PHONE -> scanLive(p, token, screen, r, codes, 0);
            };
        } catch (Exception e) {
            throw new IllegalStateException(p.email() + ": " + e, e);
        }
    }

    /** A camera on a screen that shows the projector {@code delayMillis} late (0 in the room, a video call's delay). */
    private Result scanLive(Person p, String token, Projector screen, SplittableRandom r, List<String> codes, long delayMillis)
            throws Exception {
        sleep((long) uniform(r, 500, 4_000)); // aiming
        long decodeMillis = delayMillis > 0 ? (long) uniform(r, 200, 1_500) : 40;
        String code = screen.at(System.currentTimeMillis() - delayMillis); // the frame the camera reads
        sleep(decodeMillis);
        long age = ageMillis(code);
        Sent first = sendScan(p, token, code, r, codes);
        if (!"QR_EXPIRED".equals(first.code())) {
            return new Result(p, first.outcome(), false, false, age, codes);
        }
        // the camera is still on the screen: the app skips the expired code and sends the next one it reads
        while (code.equals(screen.at(System.currentTimeMillis() - delayMillis))) {
            sleep(33); // one camera frame
        }
        String next = screen.at(System.currentTimeMillis() - delayMillis);
        sleep(decodeMillis);
        Sent second = sendScan(p, token, next, r, codes);
        return new Result(p, second.outcome(), true, second.outcome() != Outcome.REFUSED, age, codes);
    }

    /** A friend's photo through a chat app, scanned from another screen; one more photo if the first is refused. */
    private Result photo(Person p, String token, Projector screen, SplittableRandom r, List<String> codes) throws Exception {
        Sent sent = null;
        long firstAge = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            String code = screen.at(System.currentTimeMillis());
            sleep((long) (uniform(r, 1_000, 2_500) + uniform(r, 1_500, 6_000) + uniform(r, 2_000, 5_000)));
            if (attempt == 0) {
                firstAge = ageMillis(code);
            }
            sent = sendScan(p, token, code, r, codes);
            if (sent.outcome() != Outcome.REFUSED) {
                break;
            }
            sleep((long) uniform(r, 2_000, 6_000)); // "send another one!"
        }
        return new Result(p, sent.outcome(), false, false, firstAge, codes);
    }

    /** Reads the OTP off the screen (or a friend texts it) and types it; a changed code gets one more try. */
    private Result typeCode(Person p, String token, String sessionId, String teacher, SplittableRandom r, List<String> codes)
            throws Exception {
        Sent sent = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String otp = api.get("/api/v1/sessions/" + sessionId + "/otp", teacher).path("otp").asString();
            long texted = (long) (p.kind().relay() ? uniform(r, 3_000, 8_000) : 0);
            long typing = (long) (p.kind().relay() ? uniform(r, 2_000, 5_000) : uniform(r, 2_000, 6_000));
            sleep(texted + typing);
            sent = send(p, token, "/api/v1/sessions/" + sessionId + "/otp-attempts",
                    "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"otp\":\"" + otp + "\"" + location(p, r)
                            + leftApp(p, texted, r) + p.used().proof(p.email(), DeviceKeys.otpCode(UUID.fromString(sessionId), otp))
                            + "}", r, codes);
            if (!"OTP_WRONG".equals(sent.code())) {
                break;
            }
            if (p.kind().relay()) {
                sleep((long) uniform(r, 2_000, 6_000));
            }
        }
        return new Result(p, sent.outcome(), false, false, 0, codes);
    }

    /**
     * What the web app counts of leaving it while the code is to be typed: a relay reads the friend's text in the chat
     * app (85 %: the others see it in a notification over the app), away for most of the wait; an honest student in the
     * room leaves now and then to answer a message (5 %, 1–10 s).
     */
    private static String leftApp(Person p, long texted, SplittableRandom r) {
        long ms;
        int times;
        if (p.kind().relay()) {
            if (r.nextDouble() >= 0.85) {
                return "";
            }
            times = 1 + r.nextInt(2);
            ms = (long) (texted * uniform(r, 0.5, 1.0) + uniform(r, 1_000, 3_000)); // reading the text, copying the code
        } else {
            if (r.nextDouble() >= 0.05) {
                return "";
            }
            times = 1;
            ms = (long) uniform(r, 1_000, 10_000);
        }
        return ",\"leftApp\":{\"times\":" + times + ",\"ms\":" + ms + "}";
    }

    /**
     * A phone without network in the room: the camera reads the code, the app keeps the scan with its capture time and
     * position. Most phones find the network again during the class (5–30 s later) and send it then; 40 % only after
     * the class, when they leave the room.
     */
    private Result scanWithoutNetwork(Person p, String token, Projector screen, SplittableRandom r, List<String> codes)
            throws Exception {
        sleep((long) uniform(r, 500, 4_000)); // aiming
        String code = screen.at(System.currentTimeMillis());
        sleep(40);
        long age = ageMillis(code);
        String item = offlineItem(p, code, Instant.now(), location(p, r));
        if (r.nextDouble() < 0.40) {
            return new Result(p, null, false, false, age, codes, item);
        }
        sleep((long) uniform(r, 5_000, 30_000)); // the network comes back
        return new Result(p, sendOffline(p, token, item, r, codes), false, false, age, codes);
    }

    /**
     * An absent student's friend in the room sends a photo of the code; the student keeps it and, after the class, posts
     * it as an offline capture dated inside the code's window. The OFFLINE_ONLINE kind has the app open at home all the
     * while (it polls, as the web app's screens do).
     */
    private Result relayForLater(Person p, String token, Projector screen, SplittableRandom r, List<String> codes) throws Exception {
        String code = screen.at(System.currentTimeMillis());
        Instant shown = Instant.now();
        long age = ageMillis(code);
        if (p.kind() == Kind.OFFLINE_ONLINE) {
            for (int i = 0; i < 4; i++) { // the app open on the phone around the time the code was on the screen
                api.get("/api/v1/me", token);
                sleep((long) uniform(r, 1_000, 2_000));
            }
        } else {
            sleep((long) uniform(r, 1_000, 4_000));
        }
        return new Result(p, null, false, false, age, codes, offlineItem(p, code, shown.plusMillis((long) uniform(r, 100, 900)), location(p, r)));
    }

    private static String offlineItem(Person p, String qr, Instant capturedAt, String location) {
        return "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"qrToken\":\"" + qr + "\",\"capturedAt\":\"" + capturedAt
                + "\",\"offline\":true" + location + p.used().proof(p.email(), DeviceKeys.qrCode(qr)) + "}";
    }

    /** Posts one kept capture to {@code /scans/batch}; the item's own answer decides the outcome. */
    private Outcome sendOffline(Person p, String token, String item, SplittableRandom r, List<String> codes) throws Exception {
        sleep((long) delivery(p, r));
        HttpResponse<byte[]> resp = client(p.address()).send(HttpRequest.newBuilder(URI.create(api.base + "/api/v1/scans/batch"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("X-Device-Id", p.used().uuid()).header("X-Device-Fingerprint", p.used().fingerprint())
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("{\"items\":[" + item + "]}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("unexpected answer " + resp.statusCode() + " to a batch of " + p.email());
        }
        JsonNode result = BenchClient.JSON.readTree(resp.body()).path("results").get(0);
        if (result.path("httpStatus").asInt() == 202) {
            String provisional = result.path("provisional").asString();
            codes.add("offline " + provisional);
            return provisional.equals("FLAGGED") ? Outcome.FLAGGED : Outcome.THROUGH;
        }
        codes.add("offline " + result.path("code").asString());
        return Outcome.REFUSED;
    }

    record Sent(Outcome outcome, String code) {
    }

    /**
     * A scan as the web app sends it, with the round trip it measured on its previous request: two deliveries over the
     * person's network (there and back), as {@link #send} draws one.
     */
    private Sent sendScan(Person p, String token, String qr, SplittableRandom r, List<String> codes) throws Exception {
        long rtt = Math.round(delivery(p, r) + delivery(p, r));
        return send(p, token, "/api/v1/scans", "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"qrToken\":\"" + qr
                + "\",\"capturedAt\":\"" + Instant.now() + "\",\"offline\":false" + location(p, r)
                + ",\"networkRttMs\":" + rtt + p.used().proof(p.email(), DeviceKeys.qrCode(qr)) + "}", r, codes);
    }

    /** How long the person's network takes to deliver a request, in ms. */
    private static double delivery(Person p, SplittableRandom r) {
        return p.slow() ? uniform(r, 800, 2_500) : uniform(r, 20, 150);
    }

    /** Delivers the request over the person's network (its delay first), from the person's address. */
    private Sent send(Person p, String token, String path, String body, SplittableRandom r, List<String> codes) throws Exception {
        sleep((long) delivery(p, r));
        HttpResponse<byte[]> resp = client(p.address()).send(HttpRequest.newBuilder(URI.create(api.base + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("X-Device-Id", p.used().uuid()).header("X-Device-Fingerprint", p.used().fingerprint())
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = resp.body().length == 0 ? BenchClient.JSON.createObjectNode() : BenchClient.JSON.readTree(resp.body());
        if (resp.statusCode() == 202) {
            String provisional = json.path("provisional").asString();
            codes.add(provisional);
            return new Sent(provisional.equals("FLAGGED") ? Outcome.FLAGGED : Outcome.THROUGH, null);
        }
        String code = json.path("code").asString();
        codes.add(code);
        if (resp.statusCode() >= 500 || code.equals("RATE_LIMITED") || (code.equals("DEVICE_PENDING") && p.kind() != Kind.SHARED_LOGIN)
                || code.startsWith("DEVICE_PROOF")) {
            throw new IllegalStateException("unexpected answer " + resp.statusCode() + " " + code + " for " + p.email());
        }
        return new Sent(Outcome.REFUSED, code);
    }

    private String location(Person p, SplittableRandom r) {
        if (p.offsetMeters() == null) {
            return "";
        }
        double lat = LAT + p.offsetMeters()[0] / 111_195.0;
        double lon = LON + p.offsetMeters()[1] / (111_195.0 * Math.cos(Math.toRadians(LAT)));
        return String.format(Locale.ROOT, ",\"location\":{\"lat\":%.7f,\"lon\":%.7f,\"accuracyM\":%.0f}", lat, lon, p.accuracyM());
    }

    private long ageMillis(String code) {
        long window = Long.parseLong(code.split("\\.")[2]);
        return System.currentTimeMillis() - window * rotation * 1000L;
    }

    private HttpClient client(String address) {
        return clients.computeIfAbsent(address, a -> {
            try {
                return HttpClient.newBuilder().localAddress(InetAddress.getByName(a)).connectTimeout(Duration.ofSeconds(10)).build();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Builds the college (one department, a class, a subject and a teacher per class) and draws its people. */
    private List<Person> roster(String admin, int classes, int honestPerClass, int honestOffline, SplittableRandom r) throws Exception {
        StringBuilder cls = new StringBuilder("class_id,department_id,batch,semester,section\n");
        StringBuilder staff = new StringBuilder("email,name,designation,department_id\n");
        StringBuilder subjects = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
        StringBuilder students = new StringBuilder("email,name,roll_no,class_id\n");
        List<Person> people = new ArrayList<>();
        int home = 0;
        for (int c = 0; c < classes; c++) {
            cls.append("IC").append(c).append(",ID,2024,1,S").append(c).append('\n');
            staff.append("integrity-t").append(c).append("@college.test,T").append(c).append(",Prof,ID\n");
            subjects.append("IS").append(c).append(",IK,IC").append(c).append(",integrity-t").append(c).append("@college.test\n");
            List<Kind> kinds = new ArrayList<>();
            for (int i = 0; i < honestPerClass; i++) {
                kinds.add(Kind.HONEST);
            }
            for (int i = 0; i < honestOffline; i++) {
                kinds.add(Kind.HONEST_OFFLINE);
            }
            for (Kind k : Kind.values()) {
                for (int i = 0; k.cheat() && i < RELAYS_PER_KIND; i++) {
                    kinds.add(k);
                }
            }
            for (int i = 0; i < kinds.size(); i++) {
                Kind k = kinds.get(i);
                String email = "i" + c + "-" + i + "@college.test";
                students.append(email).append(",S,").append(i).append(",IC").append(c).append('\n');
                String device = "idev-" + c + "-" + i;
                people.add(k.honest() || k.sharing() ? honest(email, device, c, k, r) : relay(email, device, c, k, home++, r));
            }
        }
        // every cheat has a friend in the room who marks first and then relays, lends the login or carries the phone: a
        // different honest student of the class who scans; and some honest students come in pairs (friends who walk in
        // together and scan within seconds of each other, in either order) — what a ring must not mistake for a cheat
        for (int c = 0; c < classes; c++) {
            int k = c;
            List<Person> scanners = people.stream().filter(p -> p.classIndex() == k && p.kind() == Kind.HONEST && !p.typesCode()).toList();
            List<Person> cheats = people.stream().filter(p -> p.classIndex() == k && p.kind().cheat()).toList();
            for (int i = 0; i < cheats.size(); i++) {
                friendOf.put(cheats.get(i).email(), scanners.get(i % scanners.size()).email());
            }
            List<Person> inRoom = new ArrayList<>(people.stream().filter(p -> p.classIndex() == k && p.kind() == Kind.HONEST).toList());
            for (int i = inRoom.size() - 1; i > 0; i--) {
                java.util.Collections.swap(inRoom, i, r.nextInt(i + 1));
            }
            for (int i = 0; i + 1 < inRoom.size() * HONEST_IN_PAIRS; i += 2) {
                pairOf.put(inRoom.get(i).email(), inRoom.get(i + 1).email());
                pairOf.put(inRoom.get(i + 1).email(), inRoom.get(i).email());
            }
        }
        api.importRoster(admin, new BenchClient.Roster("department_id,name\nID,Integrity\n", cls.toString(),
                "course_id,name\nIK,Integrity\n", staff.toString(), students.toString(), subjects.toString()));
        return people;
    }

    /**
     * An honest student, or a friend in the room using an absent student's account or phone (drawn the same way: they
     * are in the room; the shared login comes from the friend's own phone, the same model as the absent student's half
     * the time).
     */
    private static Person honest(String email, String device, int c, Kind kind, SplittableRandom r) {
        Phone own = Phone.draw(device, r);
        Phone used = kind != Kind.SHARED_LOGIN ? own
                : r.nextBoolean() ? Phone.of(device + "-friend", own.fingerprint()) : Phone.draw(device + "-friend", r);
        boolean mobile = r.nextDouble() < 0.30;
        String address = mobile ? "127.2.0." + (1 + r.nextInt(16)) : "127.0.3." + (1 + r.nextInt(4));
        double[] offset = null;
        double accuracy = 0;
        if (r.nextDouble() < 0.85) {
            accuracy = uniform(r, 8, 80);
            // somewhere in the room, plus the student's fix error and the teacher's (each drawn to match its accuracy)
            double[] room = polar(uniform(r, 0, 15), r);
            double[] fix = polar(rayleigh(accuracy, r) + (r.nextDouble() < 0.03 ? uniform(r, 50, 200) : 0), r);
            double[] teachers = polar(rayleigh(TEACHER_ACCURACY, r), r);
            offset = new double[]{room[0] + fix[0] - teachers[0], room[1] + fix[1] - teachers[1]};
        }
        // a phone without network scans (typing needs the network: the code is checked online)
        return new Person(email, own, used, c, kind, kind == Kind.HONEST && r.nextDouble() < 0.10, address, offset, accuracy,
                r.nextDouble() < 0.10);
    }

    private static Person relay(String email, String device, int c, Kind kind, int n, SplittableRandom r) {
        boolean hostel = r.nextDouble() < 0.20;
        String address = hostel ? "127.0.4." + (1 + r.nextInt(4)) : "127.1." + (n / 250) + "." + (1 + n % 250);
        boolean far = kind == Kind.PHOTO_FAR || kind == Kind.VIDEO_FAR || kind == Kind.OTP_FAR || kind == Kind.OFFLINE_FAR;
        double accuracy = uniform(r, 5, 60);
        double[] offset = far ? polar(hostel ? uniform(r, 400, 1_500) : uniform(r, 2_000, 20_000), r) : null;
        if (kind == Kind.OFFLINE_ONLINE) {
            offset = polar(uniform(r, 0, 15), r); // a forged position in the room: only the open app gives it away
        }
        Phone own = Phone.draw(device, r);
        return new Person(email, own, own, c, kind, kind == Kind.OTP_FAR || kind == Kind.OTP_NONE, address, offset, accuracy,
                r.nextDouble() < 0.10);
    }

    /** The radius a phone reports covers about 68 % of its fixes: for a Rayleigh distance, σ = accuracy / 1.51. */
    private static double rayleigh(double accuracy, SplittableRandom r) {
        double sigma = accuracy / 1.509;
        return sigma * Math.sqrt(-2 * Math.log(1 - r.nextDouble()));
    }

    private static double[] polar(double meters, SplittableRandom r) {
        double angle = r.nextDouble() * 2 * Math.PI;
        return new double[]{meters * Math.cos(angle), meters * Math.sin(angle)};
    }

    private static double uniform(SplittableRandom r, double from, double to) {
        return from + r.nextDouble() * (to - from);
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(Math.max(0, millis)); // the simulated person's own time: aiming, typing, a chat app, a network
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        sleep(epochMillis - System.currentTimeMillis());
    }

    private void report(List<Result> all, List<Long> lags, int rounds) {
        System.out.println();
        System.out.printf("=== results: QR rotation %d s (each code on the screen %d s, valid until %d s after its window began), %d rounds ===%n",
                rotation, rotation, 2 * rotation, rounds);
        System.out.printf("%-34s %8s %8s %8s %8s %9s%n", "attempt", "people", "refused", "flagged", "through", "caught");
        Map<Kind, Tally> tally = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            tally.put(k, Tally.of(all.stream().filter(r -> r.person().kind() == k).toList()));
        }
        for (Kind k : Kind.values()) {
            if (k.cheat()) {
                row(k.label, tally.get(k));
            }
        }
        row("all relays", Tally.of(all.stream().filter(r -> r.person().kind().relay()).toList()));
        row("all sharing", Tally.of(all.stream().filter(r -> r.person().kind().sharing()).toList()));
        row("all relays and sharing", Tally.of(all.stream().filter(r -> r.person().kind().cheat()).toList()));
        for (Kind k : List.of(Kind.HONEST, Kind.HONEST_OFFLINE)) {
            honestRow(k.label, tally.get(k));
        }
        honestRow("all honest", Tally.of(all.stream().filter(r -> r.person().kind().honest()).toList()));
        List<Result> honest = all.stream().filter(r -> r.person().kind() == Kind.HONEST).toList();
        List<Result> honestAll = all.stream().filter(r -> r.person().kind().honest()).toList();
        long sameModel = honestAll.stream().filter(r -> honestAll.stream().anyMatch(o -> o != r
                && o.person().classIndex() == r.person().classIndex() && !o.person().email().equals(r.person().email())
                && o.person().own().fingerprint().equals(r.person().own().fingerprint()))).count();
        System.out.printf("honest marks from a phone of the same model as a classmate's: %d of %d; marked SHARED_DEVICE: %d%n",
                sameModel, honestAll.size(), honestSharedDevice.get());
        long expired = honest.stream().filter(Result::expiredOnce).count();
        long recovered = honest.stream().filter(Result::succeededAfterExpiry).count();
        System.out.printf("honest students told QR_EXPIRED once: %d; of them accepted on the next code: %d%n", expired, recovered);
        long typed = honest.stream().filter(r -> r.person().typesCode()).count();
        long typedFlagged = honest.stream().filter(r -> r.person().typesCode() && r.outcome() == Outcome.FLAGGED).count();
        System.out.printf("honest students who typed the code: %d, flagged %d%n", typed, typedFlagged);
        long[] age = honest.stream().filter(r -> !r.person().typesCode()).mapToLong(Result::firstAgeMillis).sorted().toArray();
        long[] lag = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("code on the projector after its window began: p50 %d ms, p99 %d ms, max %d ms (%d codes)%n",
                BenchClient.pct(lag, 50), BenchClient.pct(lag, 99), lag.length == 0 ? 0 : lag[lag.length - 1], lag.length);
        System.out.printf("honest scans, window start → code decoded: p50 %d ms, p99 %d ms%n", BenchClient.pct(age, 50), BenchClient.pct(age, 99));
        Map<String, Long> reasons = new TreeMap<>();
        all.stream().filter(r -> r.person().kind().cheat() && r.outcome() == Outcome.THROUGH)
                .forEach(r -> reasons.merge(r.person().kind().label, 1L, Long::sum));
        if (!reasons.isEmpty()) {
            System.out.println("relays that got through: " + reasons);
        }
        Map<String, Map<String, Long>> answers = new TreeMap<>();
        for (Result r : all) {
            for (String c : r.codes()) {
                answers.computeIfAbsent(r.person().kind().label, k -> new TreeMap<>()).merge(c, 1L, Long::sum);
            }
        }
        System.out.println("answers the phones got, per kind:");
        answers.forEach((k, v) -> System.out.printf("  %-34s %s%n", k, v));
    }

    /** How a group of attempts ended. */
    record Tally(long people, long through, long flagged, long refused) {
        static Tally of(List<Result> results) {
            return new Tally(results.size(), count(results, Outcome.THROUGH), count(results, Outcome.FLAGGED), count(results, Outcome.REFUSED));
        }

        private static long count(List<Result> results, Outcome o) {
            return results.stream().filter(r -> r.outcome() == o).count();
        }
    }

    private static void honestRow(String label, Tally h) {
        System.out.printf("%-34s %8d %8d %8d %8d   flagged or refused %.1f %%%n", label, h.people(), h.refused(),
                h.flagged(), h.through(), 100.0 * (h.flagged() + h.refused()) / Math.max(1, h.people()));
    }

    private static void row(String label, Tally t) {
        System.out.printf("%-34s %8d %8d %8d %8d %8.1f %%%n", label, t.people(), t.refused(), t.flagged(), t.through(),
                100.0 * (t.flagged() + t.refused()) / Math.max(1, t.people()));
    }
}
