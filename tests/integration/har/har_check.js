#!/usr/bin/env node
// Checks a HAR written by `authreplay run --report har:FILE` against the lab (har_export.sh):
//  1. it validates against the HAR 1.2 JSON schema with har-validator (Debian's node-har-validator:
//     node-har-schema + ajv), and the validator is live: a copy without log.version and one whose
//     timings lack "send" are rejected;
//  2. the spec's rules the schema leaves out: pageref names a page, entry.time is the sum of the
//     timings without the -1s, send/wait/receive are not negative, startedDateTime has milliseconds;
//  3. every leg of the scenario's NTLM handshake is an entry, in order, and the Type 1 and Type 3
//     legs share one `connection` (NTLM authenticates the TCP connection), with the challenge's
//     flags and target info and the Type 3's user decoded under _authreplay;
//  4. secrets: no Basic credentials anywhere (not the password, not base64 of user:password), and
//     NTLM tokens shortened unless SHOW_TOKENS is "show".
// Usage: har_check.js HAR_FILE PASSWORD_FILE USER SCENARIO_ID SHOW_TOKENS(show|short)
'use strict';
const fs = require('fs');
const validator = require('har-validator');  // NODE_PATH=/usr/share/nodejs for a non-Debian node

const [harFile, passwordFile, user, scenarioId, showTokens] = process.argv.slice(2);
let failures = 0;
function check(what, ok, detail) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}${ok || detail === undefined ? '' : ': ' + detail}`);
  if (!ok) failures++;
}
const text = fs.readFileSync(harFile, 'utf8');
const har = JSON.parse(text);
const log = har.log;

async function rejects(what, data) {
  try {
    await validator.har(data);
    check(`the validator rejects ${what}`, false, 'it was accepted');
  } catch (e) {
    check(`the validator rejects ${what}`, Array.isArray(e.errors) && e.errors.length > 0,
          String(e));
  }
}

async function main() {
  try {
    await validator.har(har);
    check('the HAR validates against the HAR 1.2 schema (har-validator)', true);
  } catch (e) {
    check('the HAR validates against the HAR 1.2 schema (har-validator)', false,
          JSON.stringify(e.errors || String(e), null, 2));
  }
  const noVersion = JSON.parse(text);
  delete noVersion.log.version;
  await rejects('a log without version', noVersion);
  const noSend = JSON.parse(text);
  delete noSend.log.entries[0].timings.send;
  await rejects('an entry whose timings lack send', noSend);

  check('log.version is "1.2"', log.version === '1.2', log.version);
  check('the creator is authreplay', log.creator.name === 'authreplay', log.creator.name);
  const pageIds = new Set(log.pages.map((p) => p.id));
  check('page ids are unique', pageIds.size === log.pages.length);
  let previous = '';
  for (const [i, e] of log.entries.entries()) {
    const where = `entry ${i} (${e._authreplay.scenario} step ${e._authreplay.step} leg ${e._authreplay.leg})`;
    check(`${where}: pageref names a page`, pageIds.has(e.pageref), e.pageref);
    check(`${where}: startedDateTime has milliseconds`,
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.startedDateTime), e.startedDateTime);
    check(`${where}: entries are in startedDateTime order`, e.startedDateTime >= previous,
          `${e.startedDateTime} after ${previous}`);
    previous = e.startedDateTime;
    const t = e.timings;
    check(`${where}: send, wait, receive are not negative`,
          t.send >= 0 && t.wait >= 0 && t.receive >= 0, JSON.stringify(t));
    const sum = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']
                    .map((k) => (t[k] === undefined || t[k] < 0 ? 0 : t[k]))
                    .reduce((a, b) => a + b, 0);
    check(`${where}: time is the sum of the timings`, Math.abs(sum - e.time) < 0.0015,
          `${e.time} vs ${sum}`);
    check(`${where}: connection is set`, typeof e.connection === 'string' && e.connection !== '');
  }

  // The NTLM handshake of the scenario's first step, leg by leg, as Fiddler would list it.
  const legs = log.entries.filter((e) => e._authreplay.scenario === scenarioId &&
                                         e._authreplay.step === 1);
  const sent = legs.map((e) => e._authreplay.sent);
  const statuses = legs.map((e) => e.response.status);
  console.log(`# ${scenarioId} step 1: ${legs.map((e, i) => `${sent[i]} -> ${statuses[i]} on ${e.connection}`).join(', ')}`);
  const t1 = sent.indexOf('NTLM/1');
  const t3 = sent.indexOf('NTLM/3');
  check('the handshake has an anonymous 401 first',
        statuses[0] === 401 && sent[0] === 'none' || statuses[0] === 407, `${sent[0]} ${statuses[0]}`);
  check('the Type 1 leg is an entry answered 401', t1 > 0 && statuses[t1] === 401, `${t1}`);
  check('the Type 3 leg is the next entry, answered 200', t3 === t1 + 1 && statuses[t3] === 200,
        `${t3}`);
  check('legs are numbered 1..n', legs.every((e, i) => e._authreplay.leg === i + 1));
  if (t1 > 0 && t3 > 0) {
    check('Type 1 and Type 3 share one connection', legs[t1].connection === legs[t3].connection,
          `${legs[t1].connection} vs ${legs[t3].connection}`);
    const challenge = (legs[t1]._authreplay.ntlm || {}).wwwAuthenticate || {};
    check('the challenge is decoded (CHALLENGE_MESSAGE with flag names)',
          challenge.message === 'CHALLENGE_MESSAGE' && (challenge.flagNames || []).includes('NTLMSSP_NEGOTIATE_NTLM'),
          JSON.stringify(challenge));
    const ids = (challenge.targetInfo || []).map((p) => p.id);
    check('the challenge\'s target info has MsvAvNbDomainName and MsvAvTimestamp',
          ids.includes('MsvAvNbDomainName') && ids.includes('MsvAvTimestamp'), ids.join(','));
    const type3 = (legs[t3]._authreplay.ntlm || {}).authorization || {};
    check(`the Type 3 is decoded as ${user}`, `${type3.domain}\\${type3.user}` === user,
          JSON.stringify(type3));
    const value = legs[t3].request.headers.find((h) => h.name.toLowerCase() === 'authorization').value;
    if (showTokens === 'show')
      check('with --show-tokens the Type 3 token is whole', /^NTLM [A-Za-z0-9+/]+=*$/.test(value), value);
    else
      check('the Type 3 token is shortened', /^NTLM \S{16}\.\.\.\(\d+ chars\)$/.test(value), value);
  }

  // Secrets. The password is read from the lab's mode-600 file, never passed on a command line.
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const plainUser = user.split('\\').pop();
  check('the password is nowhere in the HAR', password.length > 0 && !text.includes(password));
  for (const credentials of [`${plainUser}:${password}`, `${user}:${password}`]) {
    const b64 = Buffer.from(credentials).toString('base64');
    check('base64 of user:password is nowhere in the HAR', !text.includes(b64.replace(/=+$/, '')));
  }
  let basicHeaders = 0;
  for (const e of log.entries) {
    for (const h of e.request.headers) {
      if (/^(proxy-)?authorization$/i.test(h.name) && /^basic/i.test(h.value)) {
        basicHeaders++;
        check(`${h.name} Basic is redacted`, h.value === 'Basic <redacted>', h.value);
      }
    }
  }
  check('the run had Basic credentials to redact', basicHeaders > 0, `${basicHeaders}`);

  console.log(failures === 0 ? '# all checks passed' : `# ${failures} checks failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.log(`not ok - ${e.stack || e}`);
  process.exit(1);
});
