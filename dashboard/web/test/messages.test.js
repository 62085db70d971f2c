import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REFUSALS, LAUNCH_REASONS, syncWords, refusal, flagWords, statusWord, STATUS, reasonWords, forecastWords,
  ringEvidence } from '../src/messages.js';

const API_CODES = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'NOT_VERIFIED',
  'DOMAIN_NOT_ALLOWED', 'DEVICE_PENDING', 'DEVICE_BLOCKED', 'DEVICE_MISMATCH', 'DEVICE_PROOF_REQUIRED', 'DEVICE_PROOF_INVALID',
  'QR_INVALID', 'QR_EXPIRED',
  'SESSION_NOT_OPEN', 'NOT_ENROLLED', 'ALREADY_MARKED', 'OTP_WRONG', 'OTP_ATTEMPTS_EXHAUSTED', 'OFFLINE_TOO_LATE',
  'RATE_LIMITED', 'PAYLOAD_TOO_LARGE', 'UNAVAILABLE', 'INTERNAL', 'SIGN_IN_CODE_WRONG', 'ACCOUNT_BLOCKED',
  'SIGN_IN_NOT_STARTED', 'CLAIM_TOO_LATE', 'UNSUPPORTED_DOCUMENT', 'LTI_LAUNCH_REFUSED'];

test('every refusal code of the API has its own sentence, with no code or id in it', () => {
  for (const code of API_CODES) {
    assert.ok(REFUSALS[code], code);
    assert.doesNotMatch(refusal(code), /[A-Z]{2,}_[A-Z]/, code);
  }
  assert.equal(new Set(API_CODES.map((c) => REFUSALS[c])).size, API_CODES.length, 'sentences are distinct');
});

test('the sentences say what to do', () => {
  assert.match(refusal('QR_EXPIRED'), /keep your camera on the screen/);
  assert.match(refusal('DEVICE_PENDING'), /teacher needs to approve this phone/);
});

test('a wrong OTP tells the attempts left, in words', () => {
  assert.match(refusal('OTP_WRONG', { attemptsLeft: 1 }), /1 more try\.$/);
  assert.match(refusal('OTP_WRONG', { attemptsLeft: 2 }), /2 more tries\.$/);
  assert.equal(refusal('OTP_WRONG'), REFUSALS.OTP_WRONG);
  assert.match(refusal('OTP_WRONG', { attemptsLeft: 1, codeChanged: true }), /^That code changed before it arrived.*1 more try\.$/);
});

test('an unknown code still gets a sentence', () => {
  assert.equal(refusal('SOMETHING_NEW'), REFUSALS.INTERNAL);
});

test('flags in words; unknown flags readable', () => {
  assert.deepEqual(flagWords(['SHARED_DEVICE', 'NEW_SIGNAL']),
    ['the same phone was used by another student in this class', 'new signal']);
});

test('every status has a word, a letter and an icon', () => {
  for (const s of ['PRESENT', 'LATE', 'ABSENT', 'EXCUSED', 'FLAGGED', 'PENDING']) {
    assert.ok(STATUS[s].word && STATUS[s].letter && STATUS[s].icon, s);
  }
  assert.equal(statusWord('NONSENSE'), 'Not yet');
});

test('at-risk reasons in words, with the numbers', () => {
  const row = { reasons: ['BELOW_THRESHOLD', 'CONSECUTIVE_ABSENCES', 'RECENT_DROP'], consecutiveAbsences: 4, rate: 0.7, recentRate: 0.52 };
  assert.deepEqual(reasonWords(row, 75), ['below 75 %', '4 absences in a row', 'dropped 18 points recently']);
  assert.deepEqual(reasonWords({ reasons: ['RECENT_DROP'], rate: null }, 75), ['dropping recently']);
  assert.deepEqual(reasonWords({ reasons: ['BELOW_THRESHOLD', 'OUT_OF_REACH'] }, 75), ['below 75 %', 'cannot reach 75 % this term']);
  assert.deepEqual(reasonWords({ reasons: ['WILL_FALL_BELOW'] }, 75), ['on course to fall below 75 %']);
});

test('every anti-proxy signal the platform records has its words for the teacher', () => {
  const SIGNALS = ['SHARED_DEVICE', 'FAR_FROM_TEACHER', 'OUTSIDE_ROOM', 'NO_LOCATION', 'TYPED_CODE', 'OLD_TOKEN',
    'OFF_CAMPUS', 'WRONG_OTP', 'BURST', 'FLAGGED_BEFORE', 'OFFLINE_NO_LOCATION', 'OFFLINE_AFTER_CLOSE', 'ONLINE_AT_CAPTURE'];
  for (const s of SIGNALS) {
    const [words] = flagWords([s]);
    assert.doesNotMatch(words, /_/, s);
    assert.ok(words.length > 8, s);
  }
  assert.match(flagWords(['TYPED_CODE'])[0], /weaker than a scan/);
});

test('a doubtful mark on the live view names its reasons in words', async () => {
  const { alertWords } = await import('../src/messages.js');
  const w = alertWords({ type: 'FLAGGED', detail: 'risk 75: FAR_FROM_TEACHER, TYPED_CODE' });
  assert.match(w.title, /Doubtful/);
  assert.equal(w.detail, 'sent far from the classroom — not in the room; typed code (it can be read out or texted; weaker than a scan)');
  assert.match(alertWords({ type: 'OTP_ATTEMPTS_EXHAUSTED', detail: 'second wrong OTP' }).title, /code attempts/);
});

test('a forecast in words, for the student and about them', () => {
  const d = (iso) => `day ${iso}`;
  assert.equal(forecastWords({ outcome: 'ON_TRACK', remaining: 20, affordableAbsences: 5, lostOn: '2026-12-13' }, 75, d),
    'You can miss at most 5 of the 20 classes left this term and still end at 75 %. Missing every class from now, it is lost on day 2026-12-13.');
  assert.equal(forecastWords({ outcome: 'ON_TRACK', remaining: 20, affordableAbsences: 5, lostOn: '2026-12-13' }, 75, d, false),
    'Can miss at most 5 of the 20 classes left this term and still end at 75 %. Missing every class from now, it is lost on day 2026-12-13.');
  assert.match(forecastWords({ outcome: 'NO_ABSENCES_LEFT', remaining: 1, affordableAbsences: 0, lostOn: '2026-12-08' }, 75, d),
    /^Attend every one of the 1 class left this term to end at 75 % — a single absence loses it/);
  assert.match(forecastWords({ outcome: 'OUT_OF_REACH', remaining: 4, bestFinalRate: 0.5 }, 75, d), /out of reach this term: even attending all 4 classes left ends at 50 %/);
  assert.doesNotMatch(forecastWords({ outcome: 'OUT_OF_REACH', remaining: 4, bestFinalRate: 0.5 }, 75, d, false), /claim/);
  assert.equal(forecastWords({ outcome: 'SAFE', remaining: 0 }, 75, d), 'The term has no classes left: it ends at or above 75 %.');
  assert.equal(forecastWords({ outcome: 'NO_CLASSES' }, 75, d), null);
  assert.equal(forecastWords(undefined, 75, d), null);
});

test('a refused LMS launch says why and what to do, for every reason the tool gives', () => {
  const reasons = ['STATE_UNKNOWN', 'BROWSER_MISMATCH', 'PLATFORM_ERROR', 'MALFORMED', 'BAD_SIGNATURE', 'WRONG_ISSUER',
    'WRONG_AUDIENCE', 'EXPIRED', 'NONCE_MISMATCH', 'UNKNOWN_DEPLOYMENT', 'WRONG_MESSAGE', 'UNKNOWN_USER', 'ROLE_MISMATCH'];
  assert.deepEqual(Object.keys(LAUNCH_REASONS).sort(), [...reasons].sort());
  for (const r of reasons) assert.match(refusal('LTI_LAUNCH_REFUSED', { reason: r }), /^The tool could not be opened from your course\. \S/);
  assert.equal(refusal('LTI_LAUNCH_REFUSED', { reason: 'NEW' }), REFUSALS.LTI_LAUNCH_REFUSED);
});

test('a roster sync in words: what was added, what was left and who the office must look at', () => {
  const s = { added: ['a@c.test', 'b@c.test'], already: 3, inAnotherClass: ['x@c.test'], staff: [], withoutEmail: 1,
    outsideDomain: [], notInCourse: ['gone@c.test'] };
  assert.equal(syncWords(s), '2 added · 3 already on the roster · 1 in another class (not moved) · 1 without an e-mail.'
    + ' Not in the LMS course: gone@c.test — the office can move or remove them.');
  assert.equal(syncWords({ ...s, added: [], inAnotherClass: [], withoutEmail: 0, notInCourse: [] }), '0 added · 3 already on the roster.');
});

test('leaving the app is said with how often and how long', () => {
  assert.deepEqual(flagWords(['LEFT_APP:2:14', 'LEFT_APP:1:5']), [
    'left the app 2 times (14 s in all) while the code was on their screen',
    'left the app once (5 s in all) while the code was on their screen']);
});

test('a ring says what was found and how unlikely it is by chance', () => {
  assert.equal(ringEvidence({ together: 12, sharedClasses: 12, sameAddress: 3, flaggedTogether: 0, score: 9 }),
    'marks arrived within seconds of each other in 12 of 12 classes (3 of them from one network) — by chance about one in 10^9.');
  assert.equal(ringEvidence({ together: 0, sharedClasses: 20, sameAddress: 0, flaggedTogether: 7, score: 15 }),
    'flagged together in 7 of 20 classes — by chance less than one in a trillion.');
});
