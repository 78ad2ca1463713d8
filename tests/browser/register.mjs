// register.mjs - browser tests of `mvroad serve` with playwright-core driving
// Debian's chromium (headless). Run by tests/cli/test_web_browser.sh:
//   node register.mjs BASE_URL ARTIFACT_DIR WORK_DIR
// with the liaison "la" (JTC 1/SC 29, password in $LIAISON_PW) and the
// editor "ed" ($EDITOR_PW) already created. Every check that fails is
// printed as "FAIL: ..."; the exit status is the number of failures (capped).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [base, artifacts, work] = process.argv.slice(2);
const exe = process.env.CHROMIUM || '/usr/bin/chromium';
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

const args = [];
if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
const browser = await chromium.launch({ executablePath: exe, headless: true, args });

try {
  // --- anonymous, with JavaScript: search, facet, entry, keyboard ----------
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const cspErrors = [];
    page.on('console', (m) => {
      // the favicon's 404 is the only resource error expected
      if (m.type() === 'error' && !/status of 404/.test(m.text())) cspErrors.push(m.text());
    });
    let r = await page.goto(base + '/');
    check(r.status() === 200, 'home page answers 200');
    check((await page.locator('h1').count()) === 1, 'home page has one h1');
    await shot(page, '01-home');

    // search from the box on the home page
    const box = page.getByRole('searchbox').or(page.locator('input[name="q"]')).first();
    await box.fill('metaverse');
    await Promise.all([page.waitForURL(/\/entries/), box.press('Enter')]);
    check(/\/entries\?.*q=metaverse/.test(page.url()), `search goes to /entries?q=metaverse (${page.url()})`);
    const rows = await page.locator('main table tr').count();
    check(rows > 1, `search lists entries (${rows} table rows)`);
    await shot(page, '02-search');

    // apply a facet: the first link of the status facet list
    const facetLink = page.locator('a[href*="status="]').first();
    check((await facetLink.count()) === 1, 'a status facet link exists');
    const facetText = (await facetLink.innerText()).trim();
    await facetLink.click();
    await page.waitForLoadState('load');
    check(/status=/.test(page.url()) && /q=metaverse/.test(page.url()),
      `facet keeps the search and adds status (${page.url()})`);
    check((await page.locator('[aria-current]').count()) >= 1,
      `selected facet "${facetText}" is marked aria-current`);
    await shot(page, '03-facet');

    // open an entry
    const entryLink = page.locator('main a[href^="/entries/"]').first();
    check((await entryLink.count()) === 1, 'a result links to its entry');
    const entryHref = await entryLink.getAttribute('href');
    await entryLink.click();
    await page.waitForLoadState('load');
    check(page.url().endsWith(entryHref), `the entry page opens (${page.url()})`);
    check((await page.locator('h1').count()) === 1, 'the entry page has one h1');
    await shot(page, '04-entry');

    // keyboard: the first Tab reaches the skip link, Enter moves to main
    await page.goto(base + '/entries?q=metaverse');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a.tagName, href: a.getAttribute('href') || '', text: a.textContent };
    });
    check(first.tag === 'A' && first.href.startsWith('#'),
      `first Tab focuses the skip link (${first.tag} ${first.href})`);
    await page.keyboard.press('Enter');
    const target = first.href.slice(1);
    check(page.url().endsWith('#' + target), 'Enter on the skip link moves to main');
    // Tab onwards reaches the search box and every focused element is visible
    let reachedSearch = false;
    for (let i = 0; i < 40 && !reachedSearch; i++) {
      await page.keyboard.press('Tab');
      reachedSearch = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a.tagName === 'INPUT' && a.name === 'q';
      });
    }
    check(reachedSearch, 'the search box is reachable with Tab');
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return s.outlineStyle + ' ' + s.outlineWidth;
    });
    check(!/^none/.test(outline), `the focused control has a visible outline (${outline})`);
    await page.keyboard.press('End');
    await page.keyboard.type(' video');
    await Promise.all([page.waitForURL(/video/), page.keyboard.press('Enter')]);
    check(/q=metaverse(\+|%20)video/.test(page.url()), `search submitted from the keyboard (${page.url()})`);
    await shot(page, '05-keyboard');
    check(cspErrors.length === 0, `no console errors (e.g. CSP violations): ${cspErrors.join(' | ')}`);
    await ctx.close();
  }

  // --- the same pages with JavaScript disabled -----------------------------
  {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    for (const p of ['/', '/entries?q=metaverse', '/orgs', '/releases', '/login']) {
      const r = await page.goto(base + p);
      check(r.status() === 200, `no JavaScript: ${p} answers 200`);
      check((await page.locator('h1').count()) === 1, `no JavaScript: ${p} has its h1`);
    }
    await page.goto(base + '/entries');
    await page.locator('input[name="q"]').first().fill('video');
    await page.locator('input[name="q"]').first().press('Enter');
    await page.waitForLoadState('load');
    check(/q=video/.test(page.url()), 'no JavaScript: the search form works');
    await page.locator('a[href*="category="]').first().click();
    await page.waitForLoadState('load');
    check(/category=/.test(page.url()), 'no JavaScript: a facet link works');
    await shot(page, '06-no-javascript');
    await ctx.close();
  }

  // --- liaison: upload with errors, preview, fix, submit --------------------
  const title = 'Browser test volumetric widget codec';
  const header = 'SDO / Org.,Reference,Type,Title,Status,Category,Summary\n';
  const badCsv = path.join(work, 'bad.csv');
  const goodCsv = path.join(work, 'good.csv');
  fs.writeFileSync(badCsv, header +
    `JTC 1/SC 29,ISO/IEC 23090-97,Standard,${title},Under development,Enabeling Technology,Test row.\n` +
    'W3C,WebFoo API,Standard,Foo,Published,Enabling Technology,Other organisation.\n');
  fs.writeFileSync(goodCsv, header +
    `JTC 1/SC 29,ISO/IEC 23090-97,Standard,${title},Under development,Enabling Technology,Test row.\n`);

  async function login(page, user, pw) {
    await page.goto(base + '/login');
    await page.getByLabel('Login').fill(user);
    await page.getByLabel('Password').fill(pw);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    return page.content();
  }

  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const html = await login(page, 'la', process.env.LIAISON_PW);
    check(html.includes('la'), 'liaison signed in');
    check((await ctx.cookies()).some((c) => /mvr_session/.test(c.name) && c.httpOnly && c.sameSite === 'Strict'),
      'session cookie is HttpOnly and SameSite=Strict');
    await shot(page, '07-liaison-signed-in');

    let r = await page.goto(base + '/submit');
    check(r.status() === 200, 'liaison opens /submit');
    await page.setInputFiles('input[name="file"]', badCsv);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForLoadState('load');
    check((await page.locator('h1').innerText()).includes('errors'), 'preview of the bad file says it has errors');
    const probRows = page.locator('table.problems tr.error');
    const nprob = await probRows.count();
    check(nprob >= 2, `preview lists the errors by row (${nprob})`);
    const probText = await page.locator('table.problems').innerText();
    check(/Category/.test(probText) && /Enabeling/.test(probText), 'the category error names its column and value');
    check(/\b2\b/.test(probText) && /\b3\b/.test(probText), 'the errors name rows 2 and 3');
    check((await page.getByRole('button', { name: 'Submit for review' }).count()) === 0,
      'a file with errors cannot be submitted');
    await shot(page, '08-preview-errors');

    await page.setInputFiles('input[name="file"]', goodCsv);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForLoadState('load');
    check((await page.locator('h1').innerText()).includes('Check your file'), 'the fixed file previews without errors');
    await shot(page, '09-preview-ok');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForLoadState('load');
    check((await page.locator('h1').innerText()).includes('Submitted'), 'the fixed file is submitted');
    await shot(page, '10-submitted');
    await ctx.close();
  }

  // not yet visible to anonymous readers
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(base + '/entries?q=' + encodeURIComponent('volumetric widget'));
    check(!(await page.content()).includes(title), 'a proposal is not public before review');
    await ctx.close();
  }

  // --- editor approves -------------------------------------------------------
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await login(page, 'ed', process.env.EDITOR_PW);
    const r = await page.goto(base + '/review');
    check(r.status() === 200, 'editor opens /review');
    check((await page.content()).includes(title), 'the proposal is listed for review');
    await shot(page, '11-review');
    await page.getByRole('button', { name: /approve/i }).first().click();
    await page.waitForLoadState('load');
    check(!(await page.content()).includes(title), 'the approved proposal leaves the review list');
    await shot(page, '12-approved');
    await ctx.close();
  }

  // --- anonymous sees the entry ----------------------------------------------
  {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(base + '/entries?q=' + encodeURIComponent('volumetric widget'));
    check((await page.content()).includes(title), 'the approved entry is found by anonymous readers');
    const link = page.locator(`main a:has-text("${title}")`).first();
    if ((await link.count()) === 0) {
      await page.locator('main a[href^="/entries/"]').first().click();
    } else {
      await link.click();
    }
    await page.waitForLoadState('load');
    check((await page.content()).includes('ISO/IEC 23090-97'), 'its entry page shows the reference');
    await shot(page, '13-public-entry');
    await ctx.close();
  }
} catch (e) {
  failures++;
  console.log(`FAIL: exception: ${e.stack || e}`);
} finally {
  await browser.close();
}
console.log(`browser: ${passes} passed, ${failures} failed`);
process.exit(Math.min(failures, 100));
