// Every user-facing sentence of the web app, in one place (so it can be translated later).
// Refusal codes of the API get a sentence a student or teacher understands and what to do next.

export const REFUSALS = {
  VALIDATION_FAILED: 'Something in that request was not right. Try again; if it keeps happening, tell your teacher.',
  UNAUTHENTICATED: 'You are signed out. Sign in again to continue.',
  FORBIDDEN: 'Your account cannot do this.',
  NOT_FOUND: 'That could not be found — it may have been removed or closed.',
  CONFLICT: 'That clashes with something that already exists.',
  NOT_VERIFIED: 'This account is not on the college roster yet. Ask the college office to add you.',
  DOMAIN_NOT_ALLOWED: 'Sign in with your college e-mail address.',
  SIGN_IN_NOT_STARTED: 'That sign-in link was not started from this browser, so it was ignored. Sign in yourself below.',
  SIGN_IN_CODE_WRONG: 'From this device the demo needs the sign-in code shown on the server’s console — type the newest one.',
  ACCOUNT_BLOCKED: 'Your account is blocked for now, so attendance cannot be marked. Please see the college office.',
  DEVICE_PENDING: 'Your teacher needs to approve this phone. Ask them to open Devices — then try again.',
  DEVICE_BLOCKED: 'Your account is blocked for now. Please see the college office to unblock it.',
  DEVICE_MISMATCH: 'This is not the phone registered to you. Use your own phone, or ask your teacher to approve this one.',
  DEVICE_PROOF_REQUIRED: 'This phone has not confirmed it is yours yet. Close the app and open it again, then mark.',
  DEVICE_PROOF_INVALID: 'This phone could not confirm it is yours (the unlock was cancelled or the key is not this phone’s). Try again.',
  QR_INVALID: 'That is not this class’s code. Point the camera at the code on the projector.',
  QR_EXPIRED: 'This code has changed — keep your camera on the screen, it rotates.',
  SESSION_NOT_OPEN: 'Attendance for this class is closed.',
  NOT_ENROLLED: 'You are not on the list for this class. If you should be, tell your teacher.',
  ALREADY_MARKED: 'You are already marked for this class.',
  OTP_WRONG: 'That code is not right.',
  OTP_ATTEMPTS_EXHAUSTED: 'No more tries with a code for this class. Scan the QR instead, or see your teacher.',
  OFFLINE_TOO_LATE: 'This scan was sent too late after the class ended, so it could not count.',
  RATE_LIMITED: 'Too many tries in a short time. Wait a moment and try again.',
  PAYLOAD_TOO_LARGE: 'That was too large to send.',
  CLAIM_TOO_LATE: 'Claims for those days are closed: they are filed within a week of the class. See the college office.',
  UNSUPPORTED_DOCUMENT: 'Attach a PDF, JPEG or PNG file (a photo or a scan of the certificate).',
  LTI_LAUNCH_REFUSED: 'The tool could not be opened from your course.',
  UNAVAILABLE: 'The attendance service is busy. Trying again in a moment usually works.',
  INTERNAL: 'Something went wrong on our side. Try again in a moment.',
  NETWORK: 'No connection to the college server.',
};

/** A sentence for a refusal (problem+json `code`), with the attempts left where the API gives them. */
/** Why an LMS launch was refused, in words (docs/lms.md): what the person can do about it. */
export const LAUNCH_REASONS = {
  STATE_UNKNOWN: 'The link was used already or took too long — open the tool from the course again.',
  BROWSER_MISMATCH: 'This browser blocks the tool inside the course page — open the tool in a new window.',
  PLATFORM_ERROR: 'Your LMS refused the sign-in — check that you are signed in to it.',
  MALFORMED: 'The LMS sent something the tool cannot read — tell the college office.',
  BAD_SIGNATURE: 'The launch was not signed by your LMS — tell the college office.',
  WRONG_ISSUER: 'The launch came from another LMS — tell the college office.',
  WRONG_AUDIENCE: 'The launch was meant for another tool — tell the college office.',
  EXPIRED: 'The launch expired — open the tool from the course again.',
  NONCE_MISMATCH: 'The launch did not belong to this sign-in — open the tool from the course again.',
  UNKNOWN_DEPLOYMENT: 'This copy of the tool in your LMS is not registered — tell the college office.',
  WRONG_MESSAGE: 'This kind of link to the tool is not supported — use the course\'s attendance link.',
  UNKNOWN_USER: 'Your LMS did not say who you are — ask your teacher to sync the course, or the office to share e-mails with the tool.',
  ROLE_MISMATCH: 'Your role in the course is not your role here — ask the college office.',
};

export function refusal(code, extra = {}) {
  const base = REFUSALS[code] || REFUSALS.INTERNAL;
  if (code === 'OTP_WRONG' && typeof extra.attemptsLeft === 'number') {
    const first = extra.codeChanged ? 'That code changed before it arrived — type the one on the screen now.' : base;
    return `${first} ${extra.attemptsLeft === 1 ? 'You have 1 more try.' : `You have ${extra.attemptsLeft} more tries.`}`;
  }
  if (code === 'LTI_LAUNCH_REFUSED' && LAUNCH_REASONS[extra.reason]) {
    return `${base} ${LAUNCH_REASONS[extra.reason]}`;
  }
  if (code === 'RATE_LIMITED' && extra.retryAfter) {
    return `${base} (about ${extra.retryAfter} s)`;
  }
  return base;
}

export const STATUS = {
  PRESENT: { word: 'Present', letter: 'P', icon: '✓' },
  LATE: { word: 'Late', letter: 'L', icon: '◷' },
  ABSENT: { word: 'Absent', letter: 'A', icon: '✗' },
  EXCUSED: { word: 'Excused', letter: 'E', icon: '◇' },
  FLAGGED: { word: 'Flagged', letter: 'F', icon: '⚑' },
  PENDING: { word: 'Not yet', letter: '–', icon: '○' },
};

export const METHOD = { QR: 'QR code', OTP: '4-digit code', MANUAL: 'By the teacher', AUTO: 'At close', MEETING: 'Online meeting' };

export function methodWord(m) {
  return m ? METHOD[m] || m : '';
}

/** An at-risk row's reasons in words ("below 75 %", "4 absences in a row", "dropped 18 points recently"). */
export function reasonWords(row, thresholdPercent) {
  return (row.reasons || []).map((r) => {
    if (r === 'BELOW_THRESHOLD') return `below ${thresholdPercent} %`;
    if (r === 'CONSECUTIVE_ABSENCES') return `${row.consecutiveAbsences} absences in a row`;
    if (r === 'RECENT_DROP') {
      return row.rate != null && row.recentRate != null
        ? `dropped ${Math.round((row.rate - row.recentRate) * 100)} points recently` : 'dropping recently';
    }
    if (r === 'OUT_OF_REACH') return `cannot reach ${thresholdPercent} % this term`;
    if (r === 'WILL_FALL_BELOW') return `on course to fall below ${thresholdPercent} %`;
    return r.toLowerCase().replaceAll('_', ' ');
  });
}

export function statusWord(s) {
  return (STATUS[s] || STATUS.PENDING).word;
}

export const DEVICE = {
  ACTIVE: 'This phone is registered to you.',
  PENDING: 'This phone is waiting for approval. You already have another phone registered, so a teacher of your class '
    + 'must approve this one before it can mark attendance. Ask them to open “Devices” on their screen.',
  BLOCKED: 'Your account is blocked, so this phone cannot mark attendance. Please see the college office — they can unblock you.',
  NONE: 'This phone is not registered yet.',
};

export const FLAG_REASONS = {
  SHARED_DEVICE: 'the same phone was used by another student in this class',
  FAR_FROM_TEACHER: 'sent far from the classroom — not in the room',
  OUTSIDE_ROOM: 'sent a little outside the room',
  NO_LOCATION: 'no location shared',
  TYPED_CODE: 'typed code (it can be read out or texted; weaker than a scan)',
  OLD_TOKEN: 'the code arrived after it had left the screen',
  OFF_CAMPUS: 'sent from outside the campus network',
  WRONG_OTP: 'wrong codes typed first',
  BURST: 'many scans from one outside address',
  FLAGGED_BEFORE: 'flagged in another class recently, not cleared',
  OTP_ATTEMPTS_EXHAUSTED: 'ran out of code attempts',
  OFFLINE_NO_LOCATION: 'sent as offline without a location (a phone locates itself without a network)',
  OFFLINE_AFTER_CLOSE: 'sent as offline after the class was closed',
  ONLINE_AT_CAPTURE: 'sent as offline, but the phone was online at the time it claims',
};

/** An alert of the live view in words: a doubtful scan names its reasons ("risk 75: A, B" from the stream). */
export function alertWords(alert) {
  const m = /^risk (\d+): (.*)$/.exec(alert.detail || '');
  if (alert.type === 'FLAGGED') {
    return { title: 'Doubtful mark — check before accepting', detail: m ? flagWords(m[2].split(', ').filter(Boolean)).join('; ') : alert.detail || '' };
  }
  if (alert.type === 'OTP_ATTEMPTS_EXHAUSTED') return { title: 'Ran out of code attempts', detail: 'typed two wrong codes' };
  return { title: alert.type.toLowerCase().replaceAll('_', ' '), detail: alert.detail || '' };
}

/** Plain words for a list of anti-proxy flags. */
export function flagWords(flags = []) {
  return flags.map((f) => {
    const left = /^LEFT_APP:(\d+):(\d+)$/.exec(f);
    if (left) {
      const [, times, seconds] = left.map(Number);
      return `left the app ${times === 1 ? 'once' : `${times} times`} (${seconds} s in all) while the code was on their screen`;
    }
    return FLAG_REASONS[f] || f.toLowerCase().replaceAll('_', ' ');
  });
}

export const T = {
  appName: 'Attendance',
  codeChanged: 'The code changed just as it was sent — keep the camera on the screen; the next code is read and sent by itself.',
  locationOff: 'Location is off for this site. Your mark still counts, but your teacher may be asked to check it.',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInCode: 'Sign-in code from the server’s console',
  scan: 'Scan the code',
  stopCamera: 'Stop camera',
  typeCode: 'Or type the 4-digit code',
  send: 'Send',
  nothingOpen: 'Nothing to mark right now. When your teacher starts attendance, it appears here by itself.',
  offlineSaved: 'Saved on this phone — it will be sent when you’re back online.',
  unlockCancelled: 'Your phone did not confirm it is you (the unlock was cancelled), so nothing was sent. Try again and unlock when asked.',
  queued: 'Waiting to be sent',
  reconnecting: 'Reconnecting…',
  holiday: (name) => `Today is a holiday — ${name}. No classes are held and nothing counts.`,
  noPeriodsToday: 'No periods today. You can still start an ad hoc session for one of your subjects below.',
  closeConfirm: 'Close attendance now? Everyone not marked yet will be marked absent.',
};

/** What a student may claim, in words; "I was there" goes to the teacher, the others to the college office. */
export const CLAIM_KINDS = {
  WAS_THERE: { word: 'I was there', hint: 'Your scan did not count, but you were in class. Your teacher decides, with what the app recorded.' },
  MEDICAL: { word: 'Medical', hint: 'Illness or a medical appointment. Attach the certificate.' },
  OFFICIAL_DUTY: { word: 'Official duty', hint: 'College sports, an event, NCC/NSS, a competition. Attach the letter.' },
  FAMILY: { word: 'Family', hint: 'A family emergency or occasion.' },
  OTHER: { word: 'Other reason', hint: 'Say what happened.' },
};

export const CLAIM_STATUS = {
  OPEN: 'Waiting for a decision',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  WITHDRAWN: 'Withdrawn',
};

export function claimKindWord(kind) {
  return CLAIM_KINDS[kind]?.word || kind;
}

/** Who decides a claim, in words. */
export function reviewerWord(reviewer) {
  return reviewer === 'TEACHER' ? 'your teacher' : 'the college office';
}

/**
 * An eligibility forecast in words (docs/rules.md, "Eligibility forecast"), for the student (`you`) or about them.
 * `dayWord` writes a date. Null when there is nothing to forecast.
 */
export function forecastWords(f, thresholdPercent, dayWord, you = true) {
  if (!f || f.outcome === 'NO_CLASSES') return null;
  const left = f.remaining === 1 ? '1 class left' : `${f.remaining} classes left`;
  const t = `${thresholdPercent} %`;
  switch (f.outcome) {
    case 'OUT_OF_REACH':
      return `${t} is out of reach this term: even attending all ${left} ends at ${Math.round((f.bestFinalRate ?? 0) * 100)} %.`
        + (you ? ' Talk to your teacher — and file a claim for any absence you had a reason for.' : '');
    case 'NO_ABSENCES_LEFT':
      return `${you ? 'Attend' : 'Must attend'} every one of the ${left} this term to end at ${t}${f.lostOn ? ` — a single absence loses it (next class ${dayWord(f.lostOn)})` : ''}.`;
    case 'ON_TRACK':
      return `${you ? 'You can miss' : 'Can miss'} at most ${f.affordableAbsences} of the ${left} this term and still end at ${t}.`
        + (f.lostOn ? ` Missing every class from now, it is lost on ${dayWord(f.lostOn)}.` : '');
    case 'SAFE':
      return f.remaining === 0 ? `The term has no classes left: it ends at or above ${t}.`
        : `At or above ${t} at the end of term whatever happens in the ${left}.`;
    default:
      return null;
  }
}

/** A claim decided while the app is open, in words (the WebSocket's `claim` notice). */
export function claimDecidedWords(m) {
  const what = claimKindWord(m.kind).toLowerCase();
  return m.status === 'APPROVED'
    ? `Your ${what} claim was approved — your record is updated.`
    : `Your ${what} claim was not approved${m.note ? `: “${m.note}”` : '.'}`;
}

/** What a roster sync did, in a sentence or two. */
export function syncWords(s) {
  const parts = [`${s.added.length} added`, `${s.already} already on the roster`];
  if (s.inAnotherClass.length) parts.push(`${s.inAnotherClass.length} in another class (not moved)`);
  if (s.staff.length) parts.push(`${s.staff.length} staff`);
  if (s.withoutEmail) parts.push(`${s.withoutEmail} without an e-mail`);
  if (s.outsideDomain.length) parts.push(`${s.outsideDomain.length} outside the college's domain`);
  const missing = s.notInCourse.length ? ` Not in the LMS course: ${s.notInCourse.join(', ')} — the office can move or remove them.` : '';
  return `${parts.join(' · ')}.${missing}`;
}

/** A ring's status, in words. */
export const RING_STATUS = {
  LISTED: 'not checked yet',
  CHECK_REQUESTED: 'spot check asked, waiting for the next class',
  CONFIRMED: 'spot check: someone marked was not in the room',
  CLEARED: 'spot check: all were in the room',
};

/** What was found of a ring, in words (its strongest pair's evidence). */
export function ringEvidence(r) {
  const parts = [];
  if (r.together > 0) {
    parts.push(`marks arrived within seconds of each other in ${r.together} of ${r.sharedClasses} classes`
      + (r.sameAddress > 0 ? ` (${r.sameAddress} of them from one network)` : ''));
  }
  if (r.flaggedTogether > 0) parts.push(`flagged together in ${r.flaggedTogether} of ${r.sharedClasses} classes`);
  const chance = r.score >= 12 ? 'less than one in a trillion' : `about one in 10^${r.score}`;
  return `${parts.join('; ')} — by chance ${chance}.`;
}
