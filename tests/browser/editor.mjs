// editor.mjs - browser tests of the coordination reports (issue 6) and of
// the pages of signed-in roles (issue 5), with playwright-core driving
// Debian's chromium (headless). Run by tests/cli/test_web_browser.sh after
// register.mjs, on the same server:
//   node editor.mjs BASE_URL ARTIFACT_DIR
// The register holds the coordination seed (data/coord/jca-mv-seed.json)
// and one representative, $REP_EMAIL; the editor "ed" ($EDITOR_PW) exists.
// (a) /coord/ls-overdue and /coord/orgs-without-input as of a date that
//     makes the invitation LS overdue: the expected rows, and no e-mail
//     address for an anonymous reader; (b) the editor merges a duplicate
//     pair in /duplicates and creates a release from /releases; (c) the
//     header says "Signed in as ed (editor)", or offers "Sign in".
// Every failed check prints "FAIL: ..."; the exit status is the number of
// failures (capped).
import { chromium } from 'playwright-core';
import path from 'node:path';

const [base, artifacts] = process.argv.slice(2);
const exe = process.env.CHROMIUM || '/usr/bin/chromium';
const repEmail = process.env.REP_EMAIL || '';
let failures = 0;
let passes = 0;

function check(cond, label) {
  if (cond) {
    passes++;
  } else {
    failures++;
    console.log(`FAIL: ${label}`);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

// The visible text of the rows of the page's main table, one string a row.
async function rowTexts(page) {
  return page.locator('main table tbody tr').allInnerTexts();
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

const args = [];
if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
const browser = await chromium.launch({ executablePath: exe, headless: true, args });

try {
  check(repEmail.includes('@'), `REP_EMAIL is set (${repEmail})`);

  // --- (a) the coordination reports, anonymous ------------------------------
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    // 2026-06-01: three weeks after the invitation's deadline (2026-05-11)
    let r = await page.goto(base + '/coord/ls-overdue?today=2026-06-01');
    check(r.status() === 200, '/coord/ls-overdue answers 200');
    check((await page.locator('h1').innerText()).includes('Overdue'), 'the overdue page has its heading');
    let rows = await rowTexts(page);
    check(rows.length === 1, `one overdue LS (${rows.length})`);
    check(rows.some((t) => t.includes('JCA-MV-LS/o-1') && t.includes('2026-05-11') && t.includes('-21')),
      `the invitation LS is 21 days overdue (${rows.join(' | ')})`);
    await expectVisible(page, 'text=JCA-MV-LS/o-1', 'the overdue LS is visible');
    const html = await page.content();
    check(!EMAIL_RE.test(await page.locator('body').innerText()) && !html.includes(repEmail),
      'no e-mail address on the overdue page (anonymous)');
    await shot(page, '20-coord-ls-overdue');

    // before the deadline nothing is overdue
    await page.goto(base + '/coord/ls-overdue?today=2026-05-01');
    rows = await rowTexts(page);
    check(rows.length === 0, `nothing overdue before the deadline (${rows.length} rows)`);

    r = await page.goto(base + '/coord/orgs-without-input?today=2026-06-01');
    check(r.status() === 200, '/coord/orgs-without-input answers 200');
    rows = await rowTexts(page);
    for (const org of ['TSAG', '3GPP TSG SA', 'ISO/IEC JTC 1/SC 36']) {
      check(rows.some((t) => t.startsWith(org) && t.includes('JCA-MV-LS/o-1')),
        `${org} is invited without input (${rows.length} rows)`);
      await expectVisible(page, `main table th:text-is("${org}")`, `${org} row is visible`);
    }
    check(!rows.some((t) => t.startsWith('ITU-T JCA-MV')), 'the JCA itself is not listed');
    check(!EMAIL_RE.test(await page.locator('body').innerText()) && !(await page.content()).includes(repEmail),
      'no e-mail address on the organisations page (anonymous)');
    await shot(page, '21-coord-orgs-without-input');

    // the representatives' page is refused to anonymous readers, with no
    // trace of them
    r = await page.goto(base + '/coord/reps');
    check(r.status() === 401, `/coord/reps refused to anonymous readers (${r.status()})`);
    check(!(await page.content()).includes(repEmail), 'the refusal shows no e-mail');
    for (const p of ['/coord', '/coord/org-status?today=2026-06-01', '/coord/ls']) {
      await page.goto(base + p);
      check(!(await page.content()).includes(repEmail), `no e-mail on ${p}`);
    }

    // (c) the header of an anonymous reader
    check((await page.getByRole('link', { name: 'Sign in' }).count()) === 1, 'anonymous header offers "Sign in"');
    check((await page.getByText('Signed in as').count()) === 0, 'anonymous header says nobody is signed in');
    check((await page.locator('a[href="/duplicates"]').count()) === 0, 'anonymous readers get no editor links');
    await ctx.close();
  }

  async function expectVisible(page, selector, label) {
    const loc = page.locator(selector).first();
    check((await loc.count()) === 1 && (await loc.isVisible()), label);
  }

  async function login(page, user, pw) {
    await page.goto(base + '/login');
    await page.getByLabel('Login').fill(user);
    await page.getByLabel('Password').fill(pw);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
  }

  // --- (b), (c): the editor ---------------------------------------------------
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await login(page, 'ed', process.env.EDITOR_PW);
    await page.goto(base + '/entries');
    const who = page.locator('header .account');
    check((await who.innerText()).includes('Signed in as ed (editor)'),
      `the header says "Signed in as ed (editor)" (${(await who.innerText()).replace(/\s+/g, ' ')})`);
    check(await page.getByRole('button', { name: 'Sign out' }).isVisible(), 'the header has a sign-out button');
    for (const l of ['Review', 'Conflicts', 'Duplicates', 'New release']) {
      check(await page.getByRole('link', { name: l, exact: true }).isVisible(), `the editor's link "${l}" is visible`);
    }
    check((await page.getByRole('link', { name: 'Users' }).count()) === 0, 'no secretariat link for an editor');
    await shot(page, '22-editor-header');

    // the editor sees the representative (positive control for (a))
    let r = await page.goto(base + '/coord/reps');
    check(r.status() === 200 && (await page.content()).includes(repEmail), 'the editor sees the representative');

    // merge the first possible duplicate
    r = await page.goto(base + '/duplicates');
    check(r.status() === 200, 'editor opens /duplicates');
    const sections = page.locator('main section.pair');
    const before = await sections.count();
    check(before >= 1, `possible duplicates are listed (${before})`);
    const first = sections.first();
    const ids = await first.locator('input[name="ids"]').getAttribute('value');
    const [keepId, goneId] = ids.split(',');
    check((await first.locator('table tbody tr').count()) === 2, 'the pair shows both entries');
    check((await first.locator('mark').count()) >= 1, 'the pair shows the words they share');
    await shot(page, '23-duplicates');
    await first.getByRole('button', { name: 'Merge' }).click();
    await page.waitForLoadState('load');
    check(new URL(page.url()).pathname === '/duplicates', `back on /duplicates (${page.url()})`);
    check((await page.locator('main section.pair').count()) === before - 1, 'the merged pair is gone from the list');
    check((await page.locator(`input[name="ids"][value="${ids}"]`).count()) === 0, 'the pair is not offered again');
    await page.goto(base + '/entries/' + keepId);
    check((await page.locator('main').innerText()).includes('Merged into this entry'),
      `entry ${keepId} shows the merge`);
    await page.goto(base + '/entries/' + goneId);
    check((await page.locator('main').innerText()).includes('merged into'), `entry ${goneId} says it was merged`);
    await shot(page, '24-merged-entry');

    // create a release
    await page.goto(base + '/releases');
    await page.getByLabel('Name').fill('Browser 1');
    await page.getByLabel('Note').fill('made in the browser test');
    await page.getByRole('button', { name: 'Create the release' }).click();
    await page.waitForLoadState('load');
    check(new URL(page.url()).pathname === '/releases/Browser%201', `the new release's page opens (${page.url()})`);
    check((await page.locator('h1').innerText()).includes('Release Browser 1'), 'its heading names it');
    await shot(page, '25-release-created');
    // the same name again: refused with a message, the form keeps the name
    await page.goto(base + '/releases');
    await page.getByLabel('Name').fill('Browser 1');
    await page.getByRole('button', { name: 'Create the release' }).click();
    await page.waitForLoadState('load');
    check((await page.locator('[role="alert"]').innerText()).includes('exists already'), 'a taken name is refused clearly');
    check((await page.getByLabel('Name').inputValue()) === 'Browser 1', 'the form keeps the name');
    await shot(page, '26-release-name-taken');

    // sign out from the header
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState('load');
    check((await page.getByRole('link', { name: 'Sign in' }).count()) === 1, 'after signing out the header offers "Sign in"');
    await ctx.close();
  }

  // --- anonymous readers see the release --------------------------------------
  {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(base + '/releases');
    check((await page.locator('main').innerText()).includes('Browser 1'), 'anonymous readers see the new release');
    check((await page.locator('form[action="/releases"]').count()) === 0, 'and no release form');
    await ctx.close();
  }
} catch (e) {
  failures++;
  console.log(`FAIL: exception: ${e.stack || e}`);
} finally {
  await browser.close();
}
console.log(`browser (editor): ${passes} passed, ${failures} failed`);
process.exit(Math.min(failures, 100));
