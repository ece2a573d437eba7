// kudzu-serve's page in a real browser (Debian's headless chromium through puppeteer-core):
// a 3 and an 8 of the MNIST test set are traced onto the drawing pad with pointer events, and
// the page must show the right digit, its bars, the 28x28 it saw, and a star in the
// embedding. Screenshots at a laptop's and a phone's size go into OUT_DIR.
//
//   node serve_page_test.mjs URL MNIST_DIR OUT_DIR [CHROMIUM]
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import puppeteer from "puppeteer-core";

const [url, mnistDir, outDir, chromium = "/usr/bin/chromium"] = process.argv.slice(2);
if (!url || !mnistDir || !outDir) {
  console.error("usage: node serve_page_test.mjs URL MNIST_DIR OUT_DIR [CHROMIUM]");
  process.exit(2);
}

let failures = 0, checks = 0;
function check(condition, what) {
  checks += 1;
  if (!condition) failures += 1;
  console.log((condition ? "ok: " : "FAILED: ") + what);
}

// The MNIST test set, as fetch-mnist.sh leaves it (plain or gzip-compressed IDX files).
function readIdx(name) {
  for (const file of [name, name + ".gz"]) {
    const full = path.join(mnistDir, file);
    if (fs.existsSync(full)) {
      const bytes = fs.readFileSync(full);
      return file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes;
    }
  }
  throw new Error("no " + name + " in " + mnistDir);
}
const images = readIdx("t10k-images-idx3-ubyte"), labels = readIdx("t10k-labels-idx1-ubyte");

// Test image `index`, which must show `digit`: 28 rows of 28 ink values 0-255.
function testDigit(digit, index) {
  if (labels[8 + index] !== digit)
    throw new Error(`test image ${index} shows a ${labels[8 + index]}, not a ${digit}`);
  return images.subarray(16 + 784 * index, 16 + 784 * (index + 1));
}

// The digit traced from its pixels, thinned to about one pixel: the middle of each run of
// inked pixels along a row, and along a column (for the strokes that run across). Neighbouring
// points are joined by a stroke of the pen (down, moves, up), with the mouse or, on a phone, a
// finger; a point without a neighbour is one touch.
function skeleton(pixels) {
  const inked = (row, column) => pixels[row * 28 + column] >= 128;
  const points = new Set();
  for (const across of [true, false])
    for (let line = 0; line < 28; ++line) {
      let i = 0;
      while (i < 28) {
        const at = (k) => (across ? inked(line, k) : inked(k, line));
        if (!at(i)) { ++i; continue; }
        const start = i;
        while (i < 28 && at(i)) ++i;
        const middle = Math.floor((start + i - 1) / 2);
        points.add(across ? line * 28 + middle : middle * 28 + line);
      }
    }
  return points;
}

function strokesOf(points) {
  const strokes = [];
  for (const p of points) {
    const row = Math.floor(p / 28), column = p % 28;
    let joined = false;
    for (const [dr, dc] of [[0, 1], [1, -1], [1, 0], [1, 1]]) {
      const r = row + dr, c = column + dc;
      if (r < 28 && c >= 0 && c < 28 && points.has(r * 28 + c)) {
        strokes.push([[row, column], [r, c]]);
        joined = true;
      }
    }
    if (!joined) strokes.push([[row, column], [row, column]]);
  }
  return strokes;
}

async function traceDigit(page, pixels, finger) {
  const box = await (await page.$("#pad")).boundingBox();
  const cell = box.width / 28;
  const place = ([row, column]) => [box.x + (column + 0.5) * cell, box.y + (row + 0.5) * cell];
  const strokes = strokesOf(skeleton(pixels));
  for (const [from, to] of strokes) {
    const [x0, y0] = place(from), [x1, y1] = place(to);
    if (finger) {
      await page.touchscreen.touchStart(x0, y0);
      await page.touchscreen.touchMove((x0 + x1) / 2, (y0 + y1) / 2);
      await page.touchscreen.touchMove(x1, y1);
      await page.touchscreen.touchEnd();
    } else {
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x1, y1, { steps: 2 });
      await page.mouse.up();
    }
  }
  return strokes.length;
}

async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.state === "shown", { timeout: 10000 });
}

async function shown(page) {
  return page.evaluate(() => {
    const star = document.getElementById("embedding").dataset.star;
    let starColour = null;
    if (star) {  // the colour at the star's centre: its gold fill, if it is drawn there
      const [x, y] = star.split(",").map(Number);
      starColour = Array.from(document.getElementById("embedding").getContext("2d")
                                  .getImageData(x, y, 1, 1).data);
    }
    const seen = document.getElementById("seen").getContext("2d").getImageData(0, 0, 28, 28).data;
    let seenInk = 0;
    for (let i = 0; i < seen.length; i += 4) seenInk += seen[i] / 255;
    return {
      digit: document.getElementById("digit").textContent,
      verdict: document.getElementById("verdict").textContent,
      bars: Array.from(document.querySelectorAll("#bars .value")).map((e) => e.textContent),
      star, starColour, seenInk,
    };
  });
}

const isGold = (rgba) => rgba && rgba[0] > 200 && rgba[1] > 150 && rgba[2] < 90;

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  // As root (CI) chromium needs --no-sandbox; a small /dev/shm (containers) needs the last.
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => check(false, "no script error on the page: " + error.message));
  await page.setViewport({ width: 1280, height: 860 });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => document.body.dataset.state === "ready", { timeout: 10000 });

  let now = await shown(page);
  check(now.digit === "draw a digit", "an empty pad shows 'draw a digit', not a guess (" + now.digit + ")");
  check(!now.star, "an empty pad has no star in the embedding");
  check(requests.every((r) => r.startsWith(url)), "the page loads nothing from elsewhere");

  // The second 3 of the test set (the first, image 18, closes its top hook into a loop: an
  // 8 to a network trained for a few epochs) and the first 8.
  for (const [digit, index, size] of [[3, 30, "laptop"], [8, 61, "phone"]]) {
    if (size === "phone") {
      await page.setViewport({ width: 390, height: 1400, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => document.body.dataset.state === "ready", { timeout: 10000 });
    }
    const pixels = testDigit(digit, index);
    await page.click("#clear");
    const strokes = await traceDigit(page, pixels, size === "phone");
    await settled(page);
    now = await shown(page);
    check(now.digit === String(digit),
          `test image ${index}, a ${digit} traced in ${strokes} strokes (${size}): the network says ${now.digit} (${now.verdict})`);
    check(now.bars.length === 2 && now.bars.every((b) => b.endsWith("%")), "a bar per class: " + now.bars.join(", "));
    check(now.seenInk > 20, "the 28x28 seen image has ink (" + now.seenInk.toFixed(1) + " pixels' worth)");
    check(isGold(now.starColour), "a star in the embedding at " + now.star + " (colour " + now.starColour + ")");
    const file = path.join(outDir, `serve_page_${digit}_${size}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log("screenshot: " + file);

    // The regression decides too; the star stays the network's.
    await page.click('#models button[data-model="lr"]');
    await settled(page);
    now = await shown(page);
    check(now.digit === String(digit) && now.verdict.startsWith("logistic regression: p(" + digit + ")"),
          `the logistic regression says ${now.digit} (${now.verdict})`);
    check(isGold(now.starColour), "the star stays with the regression chosen");
    await page.click('#models button[data-model="nn"]');
    await settled(page);
  }

  await page.click("#clear");
  now = await shown(page);
  check(now.digit === "draw a digit" && !now.star, "Clear empties the pad, the answer and the star");
} finally {
  await browser.close();
}
console.log(`${checks - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
