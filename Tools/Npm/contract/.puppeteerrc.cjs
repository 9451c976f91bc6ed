// The AsyncAPI HTML template depends on puppeteer (for PDF output, which the contract's docs do not use).
// Puppeteer reads this file when it installs: no browser is downloaded, so `npm ci` works offline.
module.exports = { skipDownload: true };
